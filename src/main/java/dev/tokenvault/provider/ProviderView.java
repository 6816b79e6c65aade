package dev.tokenvault.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A provider as the API shows it. {@code client_secret} is write-only and never appears. {@code template} names the
 * catalog entry it was made from (null when made by hand), {@code kind} is {@code oauth2} or {@code api_key}.
 */
public record ProviderView(UUID id, String name, String template, String kind, String tokenUrl, String authorizeUrl,
        String revocationUrl, String clientId, String authMethod, List<String> scopes, int refreshSkewSeconds,
        Boolean rotatesRefreshTokens, boolean clientSecretSet, List<String> quirks, Map<String, String> authorizeParams,
        String validationUrl, Instant createdAt, Instant updatedAt) {

    static ProviderView of(Provider p) {
        return new ProviderView(p.id, p.name, p.template, p.kind, p.tokenUrl, p.authorizeUrl, p.revocationUrl,
                p.clientId, p.authMethod, p.scopeList(), p.refreshSkewSeconds, p.rotatesRefreshTokens,
                p.clientSecret != null, p.quirkList(), p.authorizeParams == null ? Map.of() : p.authorizeParams,
                p.validationUrl, p.createdAt, p.updatedAt);
    }
}
