package dev.tokenvault.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenvault.client.LeakReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "leak", mixinStandardHelpOptions = true, header = "Find out whose a leaked token is, and revoke it.",
        description = {
        "A token leaked: find whose it is and who got it, and kill it. The token is read from standard input",
        "(or asked for without echo), never from the command line.",
        "Example: pbpaste | tokenvault leak lookup" },
        subcommands = { LeakCommand.Lookup.class, LeakCommand.Revoke.class })
final class LeakCommand {

    abstract static class LeakSubcommand extends Subcommand {

        @Option(names = "--json", description = "print the service's JSON")
        boolean json;

        String readToken() {
            Prompt prompt = env().prompt();
            String token;
            if (prompt != null) {
                char[] typed = prompt.readPassword("Token: ");
                token = typed == null ? "" : new String(typed);
            } else {
                try {
                    token = new String(env().stdin().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException(Cli.FAILURE, "cannot read the token from standard input");
                }
            }
            token = token.strip();
            if (token.isEmpty()) {
                throw new CliException(Cli.USAGE, "no token on standard input: pipe it in, e.g. "
                        + "pbpaste | tokenvault leak " + spec.name());
            }
            return token;
        }

        void print(LeakReport report, String verb) {
            if (json) {
                printJson(report.json());
                return;
            }
            if (report.matches().isEmpty()) {
                out().println("tokenvault does not know this token.");
                return;
            }
            for (LeakReport.Match m : report.matches()) {
                out().println(m.kind() + " of " + (m.connectionId() != null ? "connection " + m.connectionId()
                        : "API key " + m.apiKeyId()) + (m.provider() == null ? "" : " (" + m.provider() + ")")
                        + " in project " + m.project() + (m.current() ? ", current" : ", no longer current") + verb);
                for (LeakReport.HandOut h : m.handedOut()) {
                    out().println("  handed out " + h.at() + " to " + h.actor() + (h.appName() == null ? ""
                            : " app " + h.appName()) + (h.purpose() == null ? "" : " (" + h.purpose() + ")")
                            + (h.ip() == null ? "" : " from " + h.ip()));
                }
            }
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = "Which connection or API key the token belongs to, and to whom it was handed out.")
    static final class Lookup extends LeakSubcommand {
        @Override
        public Integer call() {
            print(context().vault().leakLookup(readToken()), "");
            return Cli.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {
            "Revoke the token: an API key at once; a connection's token at the provider, replaced by a fresh one",
            "(or the connection turns NEEDS_REAUTH)." })
    static final class Revoke extends LeakSubcommand {
        @Override
        public Integer call() {
            LeakReport report = context().vault().leakRevoke(readToken());
            if (json) {
                printJson(report.json());
                return Cli.OK;
            }
            for (JsonNode r : report.json().path("results")) {
                boolean key = "api_key".equals(r.path("kind").asText());
                out().println(r.path("kind").asText() + " of " + (key ? "API key " + r.path("api_key_id").asText()
                        : "connection " + r.path("connection_id").asText() + " (" + r.path("provider").asText() + ")")
                        + " in project " + r.path("project").asText() + ": " + (key ? "revoked"
                                : "revoked at the provider: " + (r.path("revoked_upstream").asBoolean() ? "yes" : "no")
                                        + ", replaced: " + (r.path("replaced").asBoolean() ? "yes" : "no")
                                        + (r.hasNonNull("state") ? ", now " + r.path("state").asText() : "")));
            }
            return Cli.OK;
        }
    }
}
