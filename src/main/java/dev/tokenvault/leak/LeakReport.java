package dev.tokenvault.leak;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code POST /v1/leaks/lookup} found: every credential the token is or was, with its hand-outs. */
@Schema(name = "LeakReport")
public record LeakReport(@Schema(description = "The token's fingerprint, to search the audit log with.") String fingerprint,
        List<Match> matches) {

    /** One credential the token is or was. */
    @Schema(name = "LeakMatch")
    public record Match(
            @Schema(enumeration = { "access_token", "refresh_token", "api_key" }) String kind,
            UUID project,
            @Schema(description = "For a connection's token.") UUID connectionId,
            @Schema(description = "For an API key.") UUID apiKeyId,
            String provider,
            String subject,
            @Schema(description = "Whether it is what is stored now (a past access token is found in the audit log).")
            boolean current,
            @Schema(description = "Every hand-out of the token (for an API key: its creation), oldest first.")
            List<HandOut> handedOut) {
    }

    /** One time the token left the service. */
    @Schema(name = "LeakHandOut")
    public record HandOut(Instant at, Actor actor, String action, String appName, String purpose, String ip,
            String userAgent) {
    }

    public record Actor(String kind, String subject) {
    }
}
