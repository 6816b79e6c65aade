package dev.tokenvault.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A webhook endpoint as shown; {@code secret} only in the answer that creates it. */
public record WebhookView(UUID id, UUID project, String url, List<String> events, String description, boolean enabled,
        String disabledReason, int failedEvents, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static WebhookView of(WebhookEndpoint e) {
        return created(e, null);
    }

    static WebhookView created(WebhookEndpoint e, String secret) {
        return new WebhookView(e.id, e.projectId, e.url, e.eventList(), e.description, e.enabled, e.disabledReason,
                e.failedEvents, e.createdAt, e.updatedAt, secret);
    }

    @Override
    public String toString() {
        return "WebhookView[" + id + "]"; // never the secret
    }
}
