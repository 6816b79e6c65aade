package dev.tokenvault.provider;

import java.util.List;

/** Body of {@code POST /v1/providers} and {@code PUT /v1/providers/{name}}. */
public record ProviderRequest(String name, String tokenUrl, String authorizeUrl, String revocationUrl,
        String clientId, String clientSecret, String authMethod, List<String> scopes, Integer refreshSkewSeconds,
        Boolean rotatesRefreshTokens) {

    @Override
    public String toString() {
        return "ProviderRequest[name=" + name + ", clientSecret=<redacted>]";
    }
}
