package dev.tokenvault.provider;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One provider of the catalog: facts from its documentation that an administrator would otherwise have to know
 * (endpoints, client authentication, scopes, lifetimes, how it departs from the RFC), and nothing of theirs (no
 * client id or secret). URLs may hold parameters such as {@code {subdomain}}, filled when a provider is made from
 * the entry. Read from {@code catalog/providers.json} and the file named by {@code tokenvault.catalog.file};
 * {@link Catalog} checks every field.
 */
public record CatalogEntry(String id, String displayName, String kind, String authorizeUrl, String tokenUrl,
        String revocationUrl, String discoveryUrl, String authMethod, List<String> defaultScopes,
        String scopeSeparator, List<Parameter> parameters, Map<String, String> authorizeParams, Boolean pkce,
        Long accessTokenLifetimeSeconds, RefreshToken refreshToken, List<String> quirks, List<String> reauthErrors,
        String tokenResponsePath, List<String> metadataFields, List<String> callbackParams, Validation validation,
        String docsUrl, String notes) {

    public static final String OAUTH2 = "oauth2";
    public static final String API_KEY = "api_key";

    /** A value a URL of the entry needs, given as {@code parameters} when a provider is made from it. */
    @Schema(name = "CatalogParameter")
    public record Parameter(String name, String description, String example,
            @JsonProperty("default") String defaultValue) {
    }

    /**
     * What is known of the refresh token. {@code inactivitySeconds}: a refresh token dies this long after it was
     * issued or last used, and every refresh starts the window again. {@code lifetimeSeconds}: the grant dies this
     * long after the user consented, whatever the refreshes. {@code expiresInField}: the answer's field that tells
     * the remaining life of the refresh token it carries.
     */
    @Schema(name = "CatalogRefreshToken")
    public record RefreshToken(Boolean rotates, Long inactivitySeconds, Long lifetimeSeconds, String expiresInField) {
    }

    /**
     * A request that tells whether a stored credential still works: {@code auth} is {@code bearer} or
     * {@code header:<Name>}; an answer in {@code validStatus} means valid, 401 or 403 means refused.
     */
    @Schema(name = "CatalogValidation")
    public record Validation(String method, String url, String auth, List<Integer> validStatus) {
    }

    public boolean isApiKey() {
        return API_KEY.equals(kind);
    }

    public boolean has(Quirk quirk) {
        return quirks != null && quirks.contains(quirk.wireName());
    }
}
