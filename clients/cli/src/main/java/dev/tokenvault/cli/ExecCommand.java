package dev.tokenvault.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", mixinStandardHelpOptions = true, header = "Run a command with tokens in its environment.",
        description = {
        "Run a command with tokens in its environment: never in its arguments, never on disk.",
        "Exits with the command's status.",
        "Example: tokenvault exec --env GITHUB_TOKEN=github --env QBO_TOKEN=quickbooks/company-42 -- ./deploy.sh" })
final class ExecCommand extends Subcommand {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Option(names = { "-e", "--env" }, required = true, paramLabel = "VAR=PROVIDER[/SUBJECT]",
            description = "put this token into variable VAR (a token named in tokenvault.json works too; "
                    + "VAR=connection:ID names a connection by id)")
    List<String> variables;

    @Option(names = "--min-ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "the tokens stay valid at least this long (default ${DEFAULT-VALUE}: enough for the command)")
    long minTtl;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments (after --)")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Context context = context();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String assignment : variables) {
            int eq = assignment.indexOf('=');
            String name = eq < 0 ? "" : assignment.substring(0, eq);
            if (!NAME.matcher(name).matches() || eq == assignment.length() - 1) {
                throw new CliException(Cli.USAGE, "--env wants VAR=PROVIDER[/SUBJECT], for instance "
                        + "GITHUB_TOKEN=github (got '" + (eq < 0 ? assignment : name + "=...") + "')");
            }
            if (tokens.containsKey(name)) {
                throw new CliException(Cli.USAGE, "--env names " + name + " twice");
            }
            String target = assignment.substring(eq + 1);
            TokenSpec spec = target.startsWith("connection:") ? TokenSpec.connection(target.substring(11))
                    : TokenSpec.resolve(target, context.projectFile());
            tokens.put(name, context.vault().token(spec.key(context), Duration.ofSeconds(minTtl)).value());
        }
        return run(tokens);
    }

    private int run(Map<String, String> tokens) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(env().workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(env().variables());
        // the command gets the tokens it asked for, not the credential that reads every token of the project
        builder.environment().remove("TOKENVAULT_API_KEY");
        builder.environment().remove("TOKENVAULT_TOKEN");
        builder.environment().putAll(tokens);
        if (env().inheritIo()) {
            builder.inheritIO();
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliException(127, "cannot run '" + command.get(0) + "': " + reason(e));
        }
        Thread forwarder = new Thread(process::destroy, "tokenvault-exec-stop");
        Thread[] copiers = new Thread[0];
        if (env().inheritIo()) {
            Runtime.getRuntime().addShutdownHook(forwarder); // tokenvault stopped: stop the command too
        } else {
            closeQuietly(process.getOutputStream());
            copiers = new Thread[] { copy(process.getInputStream(), out()), copy(process.getErrorStream(), err()) };
        }
        try {
            int status = process.waitFor();
            for (Thread copier : copiers) {
                copier.join(5_000);
            }
            return status;
        } finally {
            if (env().inheritIo()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(forwarder);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
            }
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.indexOf("error=");
        return at >= 0 ? message.substring(at) : e.getClass().getSimpleName();
    }

    private static Thread copy(InputStream from, PrintWriter to) {
        Thread copier = new Thread(() -> {
            try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ended) {
                // the command closed its stream
            }
        }, "tokenvault-exec-output");
        copier.setDaemon(true);
        copier.start();
        return copier;
    }

    private static void closeQuietly(java.io.OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing to close
        }
    }
}
