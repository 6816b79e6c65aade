package dev.tokenvault.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A binding as shown to administrators. */
public record BindingView(UUID id, String issuer, String audience, Map<String, Object> boundClaims, UUID owner,
        List<String> connectionIds, int ttlSeconds, Instant createdAt) {

    static BindingView of(Binding b, String issuer) {
        return new BindingView(b.id, issuer, b.audience, b.boundClaims, b.ownerId,
                ApiKeyIdentityProvider.splitIds(b.connectionIds), b.ttlSeconds, b.createdAt);
    }
}
