package dev.tokenvault.provider;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A provider as the API shows it. {@code client_secret} is write-only and never appears. */
public record ProviderView(UUID id, String name, String tokenUrl, String authorizeUrl, String revocationUrl,
        String clientId, String authMethod, List<String> scopes, int refreshSkewSeconds, Boolean rotatesRefreshTokens,
        boolean clientSecretSet, Instant createdAt, Instant updatedAt) {

    static ProviderView of(Provider p) {
        return new ProviderView(p.id, p.name, p.tokenUrl, p.authorizeUrl, p.revocationUrl, p.clientId, p.authMethod,
                p.scopeList(), p.refreshSkewSeconds, p.rotatesRefreshTokens, p.clientSecret != null, p.createdAt, p.updatedAt);
    }
}
