package dev.tokenvault.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.tokenvault.client.ApiKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "api-keys", mixinStandardHelpOptions = true, description = "Make, list and revoke the project's API keys.",
        subcommands = { ApiKeysCommand.Create.class, ApiKeysCommand.Ls.class, ApiKeysCommand.Rm.class })
final class ApiKeysCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Make an API key of the project. The key goes to standard output and is shown only now:",
            "put it straight into your secret store, e.g. tokenvault api-keys create --name ci | gh secret set TOKENVAULT_API_KEY" })
    static final class Create extends Subcommand {

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "what the key is for")
        String name;

        @Option(names = "--permission", paramLabel = "PERMISSION", split = ",",
                description = "tokens:read (default), connections:write, connect; repeat or separate with commas")
        List<String> permissions = new ArrayList<>();

        @Option(names = "--provider", paramLabel = "PROVIDER", split = ",",
                description = "limit the key to these providers' connections (default: every connection of the project)")
        List<String> providers = new ArrayList<>();

        @Option(names = "--expires-at", paramLabel = "TIME", description = "an RFC 3339 time, e.g. 2027-01-01T00:00:00Z")
        String expiresAt;

        @Option(names = "--json", description = "print the service's JSON (which holds the key)")
        boolean json;

        @Override
        public Integer call() {
            Instant expires = null;
            if (expiresAt != null) {
                try {
                    expires = Instant.parse(expiresAt);
                } catch (DateTimeParseException e) {
                    throw new CliException(Cli.USAGE, "--expires-at wants an RFC 3339 time such as 2027-01-01T00:00:00Z");
                }
            }
            Context context = context();
            String project = context.project();
            ApiKey key = context.vault().createApiKey(project, name, permissions, providers, expires);
            if (json) {
                printJson(key.json());
            } else {
                out().println(key.key());
            }
            err().println("API key " + key.prefix() + "... (" + String.join(", ", key.permissions()) + ") of " + project
                    + " made; this is the only time it is shown.");
            return Cli.OK;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "The project's API keys (never the keys themselves).")
    static final class Ls extends Subcommand {

        @Option(names = "--json", description = "print the service's JSON")
        boolean json;

        @Override
        public Integer call() {
            Context context = context();
            List<ApiKey> keys = context.vault().apiKeys(context.project());
            if (json) {
                ArrayNode array = NODES.arrayNode();
                keys.forEach(k -> array.add(k.json()));
                printJson(array);
                return Cli.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "ID", "NAME", "PREFIX", "PERMISSIONS", "EXPIRES", "LAST USED" });
            for (ApiKey k : keys) {
                rows.add(new String[] { k.id(), k.name(), k.prefix(), String.join(",", k.permissions()),
                        orDash(k.expiresAt()), orDash(k.lastUsedAt()) });
            }
            printTable(rows);
            return Cli.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Revoke API keys, at once.")
    static final class Rm extends Subcommand {

        @Parameters(arity = "1..*", paramLabel = "ID", description = "the keys' ids (tokenvault api-keys ls)")
        List<String> ids = List.of();

        @Override
        public Integer call() {
            Context context = context();
            String project = context.project();
            for (String id : ids) {
                context.vault().revokeApiKey(project, id);
                err().println("Revoked API key " + id + ".");
            }
            return Cli.OK;
        }
    }
}
