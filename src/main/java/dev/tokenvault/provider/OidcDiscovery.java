package dev.tokenvault.provider;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.LimitedBody;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.UrlPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Reads an OpenID Connect issuer's discovery document (OpenID Connect Discovery 1.0 §4) for the catalog's generic
 * {@code oidc} entry: the authorize, token and revocation endpoints and the client authentication to use. The
 * document must name the very issuer it was fetched for; every endpoint must pass {@link UrlPolicy}; no redirect is
 * followed and at most 1 MiB is read. Nothing the issuer wrote is repeated in an error.
 */
@ApplicationScoped
public class OidcDiscovery {

    /** What the document says; {@code revocationUrl} may be null. */
    public record Endpoints(String authorizeUrl, String tokenUrl, String revocationUrl, String authMethod) {
    }

    private final WebClient client;
    private final long timeoutMillis;
    private final UrlPolicy urls;

    public OidcDiscovery(Vertx vertx, TokenvaultConfig config, UrlPolicy urls) {
        this.urls = urls;
        this.timeoutMillis = config.refresh().readTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.refresh().connectTimeout().toMillis())
                .setUserAgent("tokenvault").setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The endpoints of {@code issuer}, whose document is at {@code documentUrl}; {@code 400} naming the problem. */
    public Uni<Endpoints> discover(String documentUrl, String issuer, String defaultAuthMethod) {
        return client.getAbs(documentUrl).timeout(timeoutMillis).putHeader("Accept", "application/json")
                .as(LimitedBody.upTo(LimitedBody.MAX_BYTES)).send()
                .onFailure().transform(e -> refused(documentUrl, "could not be read ("
                        + (e instanceof LimitedBody.TooLarge ? "larger than 1 MiB" : e.getClass().getSimpleName()) + ")"))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw refused(documentUrl, "answered HTTP " + response.statusCode());
                    }
                    JsonObject document;
                    try {
                        document = response.body() == null ? null : response.body().toJsonObject();
                    } catch (RuntimeException e) {
                        document = null;
                    }
                    if (document == null) {
                        throw refused(documentUrl, "is not a JSON object");
                    }
                    return endpoints(document, documentUrl, issuer, defaultAuthMethod, urls);
                });
    }

    /** What a discovery document of {@code issuer} says, checked; {@code 400} naming what is wrong with it. */
    static Endpoints endpoints(JsonObject document, String documentUrl, String issuer, String defaultAuthMethod,
            UrlPolicy urls) {
        String named = text(document, "issuer", documentUrl);
        if (named == null || !withoutSlash(issuer).equals(withoutSlash(named))) { // Auth0's issuers end in '/'
            throw refused(documentUrl, "names another issuer than " + issuer);
        }
        String authorize = endpoint(document, "authorization_endpoint", documentUrl, true, urls);
        String token = endpoint(document, "token_endpoint", documentUrl, true, urls);
        String revocation = endpoint(document, "revocation_endpoint", documentUrl, false, urls);
        String method = defaultAuthMethod;
        Object supported = document.getValue("token_endpoint_auth_methods_supported");
        if (supported instanceof JsonArray methods) {
            List<Object> list = methods.getList();
            if (list.contains("client_secret_basic")) {
                method = "client_secret_basic";
            } else if (list.contains("client_secret_post")) {
                method = "client_secret_post";
            } else {
                throw refused(documentUrl, "offers neither client_secret_basic nor client_secret_post");
            }
        }
        return new Endpoints(authorize, token, revocation, method);
    }

    private static String endpoint(JsonObject document, String field, String documentUrl, boolean required,
            UrlPolicy urls) {
        String value = text(document, field, documentUrl);
        if (value == null) {
            if (required) {
                throw refused(documentUrl, "has no " + field);
            }
            return null;
        }
        if (value.length() > 2048 || !urls.callable(value)) {
            throw refused(documentUrl, "gives a " + field + " that is not an "
                    + (urls.allowsInsecure() ? "http(s)" : "https") + " URL");
        }
        return value;
    }

    private static String text(JsonObject document, String field, String documentUrl) {
        Object value = document.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw refused(documentUrl, "gives " + field + " that is not text");
        }
        return (String) value;
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static ApiException refused(String documentUrl, String why) {
        return ApiException.invalidRequest("the OpenID Connect discovery document " + documentUrl + " " + why);
    }
}
