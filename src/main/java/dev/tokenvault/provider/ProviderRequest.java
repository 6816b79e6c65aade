package dev.tokenvault.provider;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/providers} and {@code PUT /v1/providers/{name}}. With {@code template} (on create only) the
 * provider is made from that catalog entry: {@code parameters} fill its URLs, and every other field given here
 * overrides the entry's.
 */
public record ProviderRequest(String name, String tokenUrl, String authorizeUrl, String revocationUrl,
        String clientId, String clientSecret, String authMethod, List<String> scopes, Integer refreshSkewSeconds,
        Boolean rotatesRefreshTokens, String template, Map<String, String> parameters,
        Map<String, String> authorizeParams, String validationUrl) {

    /** A provider made by hand, without the catalog's fields. */
    public ProviderRequest(String name, String tokenUrl, String authorizeUrl, String revocationUrl, String clientId,
            String clientSecret, String authMethod, List<String> scopes, Integer refreshSkewSeconds,
            Boolean rotatesRefreshTokens) {
        this(name, tokenUrl, authorizeUrl, revocationUrl, clientId, clientSecret, authMethod, scopes, refreshSkewSeconds,
                rotatesRefreshTokens, null, null, null, null);
    }

    /** A provider made from a catalog entry with only what is the administrator's. */
    public static ProviderRequest fromTemplate(String template, String name, String clientId, String clientSecret,
            List<String> scopes, Map<String, String> parameters) {
        return new ProviderRequest(name, null, null, null, clientId, clientSecret, null, scopes, null, null, template,
                parameters, null, null);
    }

    @Override
    public String toString() {
        return "ProviderRequest[name=" + name + ", template=" + template + ", clientSecret=<redacted>]";
    }
}
