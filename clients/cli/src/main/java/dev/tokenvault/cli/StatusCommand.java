package dev.tokenvault.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenvault.client.ConnectionStatus;
import dev.tokenvault.client.Me;
import dev.tokenvault.client.TokenVaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, header = "Who you are here, or a connection's state.",
        description = {
        "Without arguments: which service, which credential, who that is, which project.",
        "With a connection: its state (VALID, EXPIRING, EXPIRED, NO_TOKEN, NEEDS_REAUTH, ERROR, REVOKED) and why;",
        "exits 4 when it needs re-authorisation, 1 when there is no such connection." })
final class StatusCommand extends Subcommand {

    @Parameters(arity = "0..1", paramLabel = "PROVIDER[/SUBJECT]", description = "the connection, or a named token")
    String spec;

    @Option(names = "--connection", paramLabel = "ID", description = "the connection with this id")
    String connection;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        Context context = context();
        if (spec == null && connection == null) {
            return whoAmI(context);
        }
        TokenSpec target = connection != null ? TokenSpec.connection(connection)
                : TokenSpec.resolve(spec, context.projectFile());
        ConnectionStatus status = context.vault().status(target.key(context));
        if (json) {
            printJson(status.json());
        } else {
            out().println(target.describe() + ": " + status.status() + (status.reason() == null ? ""
                    : " (" + status.reason() + ")") + (status.expiresAt() == null ? "" : ", expires " + status.expiresAt())
                    + (status.nextRetryAt() == null ? "" : ", next try " + status.nextRetryAt()));
            if (status.needsReauth()) {
                out().println("  repair: tokenvault connect " + (target.provider() != null ? target.provider()
                        + (target.subject() == null ? "" : " --subject " + target.subject()) : "PROVIDER --subject SUBJECT"));
            }
        }
        if (status.needsReauth()) {
            return Cli.NEEDS_REAUTH;
        }
        return "NO_TOKEN".equals(status.status()) ? Cli.FAILURE : Cli.OK;
    }

    private int whoAmI(Context context) {
        String url = context.url();
        String source = context.credentialSource();
        Me me = context.me();
        String project;
        try {
            project = context.project();
        } catch (CliException | TokenVaultException none) {
            project = null;
        }
        if (json) {
            ObjectNode node = NODES.objectNode();
            node.put("url", url);
            node.put("credential", source);
            node.set("me", me.json());
            node.put("project", project);
            printJson(node);
            return Cli.OK;
        }
        out().println("service:    " + url);
        out().println("credential: " + source);
        out().println("caller:     " + me.kind() + " " + (me.username() != null ? me.username() : me.subject())
                + (me.roles().isEmpty() ? "" : " (" + String.join(", ", me.roles()) + ")"));
        out().println("project:    " + (project == null ? "-" : project));
        if (context.projectFile() != null) {
            out().println("config:     " + context.projectFile().path());
        }
        return Cli.OK;
    }
}
