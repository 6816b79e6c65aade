package dev.tokenvault.cli;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenvault.client.AccessToken;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", mixinStandardHelpOptions = true, header = "Print a currently valid token.",
        description = {
        "Print a currently valid token, and nothing else, to standard output.",
        "Example: curl -H \"Authorization: Bearer $(tokenvault token github)\" https://api.github.com/user" })
final class TokenCommand extends Subcommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "PROVIDER[/SUBJECT]",
                description = "the connection (project, provider, subject), or a token named in tokenvault.json")
        String spec;

        @Option(names = "--connection", paramLabel = "ID", description = "the connection with this id")
        String connection;
    }

    @Option(names = "--min-ttl", paramLabel = "SECONDS", defaultValue = "60",
            description = "the token stays valid at least this long (default ${DEFAULT-VALUE})")
    long minTtl;

    @Option(names = "--json", description = "print {access_token, token_type, expires_at, scopes}")
    boolean json;

    @Override
    public Integer call() {
        Context context = context();
        TokenSpec spec = target.connection != null ? TokenSpec.connection(target.connection)
                : TokenSpec.resolve(target.spec, context.projectFile());
        AccessToken token = context.vault().token(spec.key(context), Duration.ofSeconds(minTtl));
        if (json) {
            ObjectNode node = NODES.objectNode();
            node.put("access_token", token.value());
            node.put("token_type", token.tokenType());
            node.put("expires_at", token.expiresAt() == null ? null : token.expiresAt().toString());
            token.scopes().forEach(node.putArray("scopes")::add);
            printJson(node);
        } else {
            out().println(token.value());
        }
        return Cli.OK;
    }
}
