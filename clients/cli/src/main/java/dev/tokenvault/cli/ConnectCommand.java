package dev.tokenvault.cli;

import java.time.Duration;
import java.time.Instant;

import dev.tokenvault.client.ConnectLink;
import dev.tokenvault.client.ConnectSessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connect", mixinStandardHelpOptions = true, header = "Make a connect link for an account at a provider.",
        description = {
        "Make a connect link: whoever opens it signs in at the provider, and the connection",
        "(project, provider, subject) is stored, or repaired when it needed re-authorisation.",
        "The link (single use) goes to standard output; send it to the person, not to a log." })
final class ConnectCommand extends Subcommand {

    @Parameters(paramLabel = "PROVIDER", description = "the provider, as registered in tokenvault")
    String provider;

    @Option(names = { "-s", "--subject" }, paramLabel = "SUBJECT",
            description = "whose account: the application's own name for it (default for a person: their username)")
    String subject;

    @Option(names = "--return-to", paramLabel = "URL",
            description = "where the browser goes afterwards (one of the project's allowed return URLs)")
    String returnTo;

    @Option(names = "--open", description = "also open the link in this machine's browser")
    boolean open;

    @Option(names = "--wait", description = "wait until the link was used, and print the connection's id")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "how long the link works, and how long --wait waits (default ${DEFAULT-VALUE})")
    long timeout;

    @Override
    public Integer call() throws InterruptedException {
        Context context = context();
        String project = context.project();
        String who = subject;
        if (who == null) {
            var me = context.me();
            if (!me.isUser() || me.username() == null) {
                throw new CliException(Cli.USAGE, "--subject is required: it names whose account is connected "
                        + "(for instance --subject company-42)");
            }
            who = me.username();
        }
        ConnectLink link = context.vault().connectLink(project, provider, who, returnTo, Duration.ofSeconds(timeout));
        out().println(link.url());
        out().flush();
        err().println("Open this link to connect " + provider + " for " + who + " in " + project + " (single use, until "
                + link.expiresAt() + ").");
        err().flush();
        if (open) {
            browse(link.url());
        }
        if (!await) {
            return Cli.OK;
        }
        Instant deadline = env().clock().instant().plusSeconds(timeout);
        while (env().clock().instant().isBefore(deadline)) {
            ConnectSessionState state = context.vault().connectSession(project, link.id());
            switch (state.status()) {
                case "connected" -> {
                    out().println(state.connectionId());
                    err().println("Connected: connection " + state.connectionId() + ".");
                    return Cli.OK;
                }
                case "failed" -> throw new CliException(Cli.FAILURE, "connecting failed (" + state.error()
                        + "): make a new link and try again");
                case "expired" -> throw new CliException(Cli.FAILURE, "the link expired unused: make a new one");
                default -> Thread.sleep(1_000); // polling the session, as a person takes their time
            }
        }
        throw new CliException(Cli.FAILURE, "the link was not used within " + timeout + " s");
    }

    private void browse(String url) {
        for (String[] opener : new String[][] { { "xdg-open", url }, { "open", url } }) {
            try {
                new ProcessBuilder(opener).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return;
            } catch (java.io.IOException notHere) {
                // try the next opener
            }
        }
        err().println("(could not open a browser here: open the link yourself)");
    }
}
