package dev.tokenvault.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What tokenvault knows about a token that leaked ({@code POST /v1/leaks/lookup}, {@code /v1/leaks/revoke}): which
 * connection or API key it belongs to, whether it is the current one, and to whom it was handed out.
 */
public record LeakReport(List<Match> matches, JsonNode json) {

    /** One stored credential the token is (or was) part of. */
    public record Match(String kind, String project, String connectionId, String apiKeyId, String provider,
            boolean current, List<HandOut> handedOut) {
    }

    /** One hand-out of the token, from the audit log. */
    public record HandOut(Instant at, String actor, String appName, String purpose, String ip) {
    }

    static LeakReport of(JsonNode n) {
        return new LeakReport(Json.items(n, "matches").stream().map(m -> new Match(Json.text(m, "kind"),
                Json.text(m, "project"), Json.text(m, "connection_id"), Json.text(m, "api_key_id"),
                Json.text(m, "provider"), Json.bool(m, "current"), Json.items(m, "handed_out").stream()
                        .map(h -> new HandOut(Json.instant(h, "at"), actor(h.get("actor")), Json.text(h, "app_name"),
                                Json.text(h, "purpose"), Json.text(h, "ip")))
                        .toList()))
                .toList(), n);
    }

    private static String actor(JsonNode actor) {
        if (actor == null || actor.isNull()) {
            return null;
        }
        if (actor.isObject()) {
            return Json.text(actor, "kind") + ":" + Json.text(actor, "subject");
        }
        return actor.asText();
    }
}
