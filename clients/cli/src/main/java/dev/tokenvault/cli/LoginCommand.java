package dev.tokenvault.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.tokenvault.client.NotAuthenticatedException;
import dev.tokenvault.client.TokenVault;
import dev.tokenvault.client.UserSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true, header = "Sign in as a person and keep the session.",
        description = {
        "Sign in as a person; the session is kept in ~/.config/tokenvault/credentials.json (mode 0600;",
        "TOKENVAULT_CONFIG_DIR or XDG_CONFIG_HOME move it) until it ends (an hour by default).",
        "The password is read without echo from the terminal, or as the first line of standard input",
        "when that is not a terminal (--password-stdin)." })
final class LoginCommand extends Subcommand {

    @Option(names = { "-u", "--username" }, paramLabel = "NAME", description = "default: TOKENVAULT_USERNAME, else asked")
    String username;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Override
    public Integer call() {
        Context context = context();
        String url = context.url();
        Prompt prompt = env().prompt();
        String user = username != null ? username : env().get("TOKENVAULT_USERNAME");
        if (user == null) {
            if (prompt == null || passwordStdin) {
                throw new CliException(Cli.USAGE, "no username: pass --username NAME (or set TOKENVAULT_USERNAME)");
            }
            user = prompt.readLine("Username for " + url + ": ");
            if (user == null || user.isBlank()) {
                throw new CliException(Cli.USAGE, "no username given");
            }
            user = user.strip();
        }
        char[] password = password(prompt, user, url);
        try {
            UserSession session = TokenVault.login(url, user, password, context.http());
            context.store().save(url, new CredentialStore.Session(user, session.accessToken(), session.expiresAt()));
            err().println("Signed in to " + url + " as " + user
                    + (session.expiresAt() == null ? "" : " (until " + session.expiresAt() + ")") + ".");
            return Cli.OK;
        } catch (NotAuthenticatedException wrong) {
            throw new CliException(Cli.NOT_AUTHENTICATED, "wrong username or password for " + url);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password(Prompt prompt, String user, String url) {
        if (passwordStdin || prompt == null) {
            try {
                String line = new BufferedReader(new InputStreamReader(env().stdin(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new CliException(Cli.USAGE, "no password on standard input (give it as the first line)");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new CliException(Cli.FAILURE, "cannot read the password from standard input");
            }
        }
        char[] password = prompt.readPassword("Password for " + user + " at " + url + ": ");
        if (password == null || password.length == 0) {
            throw new CliException(Cli.USAGE, "no password given");
        }
        return password;
    }
}
