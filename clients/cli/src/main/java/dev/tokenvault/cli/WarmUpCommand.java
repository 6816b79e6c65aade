package dev.tokenvault.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokenvault.client.AccessToken;
import dev.tokenvault.client.JsonTrees;
import dev.tokenvault.client.NeedsReauthException;
import dev.tokenvault.client.TokenKey;
import dev.tokenvault.client.TokenVault;
import picocli.CommandLine.Command;

/**
 * Runs once, when the launcher makes its class-data archive: it loads what a {@code token} run loads (the HTTP client
 * and its TLS defaults, a request, JSON, the result types) without reaching any service, so the archive serves the
 * common commands and not only whichever ran first.
 */
@Command(name = "warm-up", hidden = true, description = "Load the classes of a token run (for the launcher's archive).")
final class WarmUpCommand extends Subcommand {

    @Override
    public Integer call() throws Exception {
        Context context = context();
        TokenVault vault = TokenVault.builder().baseUrl("http://127.0.0.1:9").apiKey("warm-up")
                .httpClient(context.http()).maxRetries(0).build();
        try {
            vault.token(TokenKey.of("warm-up", "provider", "subject"), Duration.ofSeconds(60));
        } catch (RuntimeException expected) {
            Cli.outcome(expected); // nothing listens on port 9
        }
        try {
            context.http().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:9/")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException expected) {
            // the TLS client's classes are loaded by now
        }
        AccessToken token = new AccessToken(JsonTrees.parse("{\"access_token\":\"x\",\"token_type\":\"Bearer\","
                + "\"expires_at\":\"2030-01-01T00:00:00Z\",\"expires_in\":60,\"scopes\":[\"a\"]}").get("access_token")
                .asText(), "Bearer", java.time.Instant.parse("2030-01-01T00:00:00Z"), java.util.List.of("a"),
                java.time.Instant.now());
        Cli.outcome(new NeedsReauthException(409, "needs_reauth", "warm-up", "GET /", "warm-up"));
        out().print(JsonTrees.write(java.util.Map.of("ok", token.validFor(Duration.ZERO, java.time.Clock.systemUTC()))));
        return Cli.OK;
    }
}
