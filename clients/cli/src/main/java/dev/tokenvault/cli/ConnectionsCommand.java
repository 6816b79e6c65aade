package dev.tokenvault.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.tokenvault.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connections", mixinStandardHelpOptions = true, description = "List and delete connections.",
        subcommands = { ConnectionsCommand.Ls.class, ConnectionsCommand.Rm.class })
final class ConnectionsCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "The project's connections (metadata only, never a token).")
    static final class Ls extends Subcommand {

        @Option(names = "--provider", paramLabel = "PROVIDER", description = "only this provider's")
        String provider;

        @Option(names = "--all", description = "every project the credential sees, not only the current one")
        boolean all;

        @Option(names = "--json", description = "print the service's JSON")
        boolean json;

        @Override
        public Integer call() {
            Context context = context();
            List<Connection> connections = context.vault().connections(all ? null : context.project(),
                    provider);
            if (json) {
                ArrayNode array = NODES.arrayNode();
                connections.forEach(c -> array.add(c.json()));
                printJson(array);
                return Cli.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "ID", "PROVIDER", "SUBJECT", "STATUS", "EXPIRES", "LAST USED" });
            for (Connection c : connections) {
                rows.add(new String[] { c.id(), c.provider(), orDash(c.subject() != null ? c.subject()
                        : c.externalAccount()), c.status(), orDash(c.expiresAt()), orDash(c.lastUsedAt()) });
            }
            printTable(rows);
            return Cli.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = {
            "Delete connections: their stored tokens are destroyed, and revoked at the provider where it allows." })
    static final class Rm extends Subcommand {

        @Parameters(arity = "1..*", paramLabel = "ID", description = "the connections' ids")
        List<String> ids = List.of();

        @Override
        public Integer call() {
            for (String id : ids) {
                context().vault().deleteConnection(id);
                err().println("Deleted connection " + id + ".");
            }
            return Cli.OK;
        }
    }
}
