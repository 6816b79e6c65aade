package dev.tokenvault.refresh;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.ProviderTokens;
import dev.tokenvault.platform.LimitedBody;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.provider.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Calls a provider's token endpoint (refresh_token grant, RFC 6749 §6) and revocation endpoint (RFC 7009)
 * with the provider's stored client credentials, {@code client_secret_basic} or {@code client_secret_post}.
 *
 * <p>Built on the Vert.x Mutiny web client (the one quarkus-oidc-client uses underneath) rather than
 * {@code OidcClient}: the failure policy needs the HTTP status and {@code Retry-After} of a refused refresh,
 * and {@code OidcClientException} carries only the response body.
 */
@ApplicationScoped
public class ProviderTokenClient {

    private final WebClient client;
    private final long readTimeoutMillis;

    public ProviderTokenClient(Vertx vertx, TokenvaultConfig config) {
        Duration connect = config.refresh().connectTimeout();
        this.readTimeoutMillis = config.refresh().readTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) connect.toMillis())
                .setUserAgent("tokenvault")
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setMaxPoolSize(config.refresh().maxConnectionsPerProvider()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<ProviderTokens> refresh(Provider provider, String clientSecret, String refreshToken) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken);
        return post(provider, provider.tokenUrl, clientSecret, form, List.of(refreshToken))
                .map(this::tokens);
    }

    /** Exchanges an authorization code (RFC 6749 §4.1.3), for the connect flow. */
    public Uni<ProviderTokens> exchangeCode(Provider provider, String clientSecret, String code, String redirectUri,
            String codeVerifier) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier);
        return post(provider, provider.tokenUrl, clientSecret, form, List.of(code, codeVerifier)).map(this::tokens);
    }

    /** RFC 7009 revocation; completes when the provider accepted it (200), fails otherwise. */
    public Uni<Void> revoke(Provider provider, String clientSecret, String token, String tokenTypeHint) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", token).add("token_type_hint", tokenTypeHint);
        return post(provider, provider.revocationUrl, clientSecret, form, List.of(token)).replaceWithVoid();
    }

    /**
     * POSTs the form with the provider's client credentials. {@code sent} are the other secrets in the request:
     * with the client secret, they are scrubbed from anything of the answer that is kept.
     */
    private Uni<HttpResponse<io.vertx.core.buffer.Buffer>> post(Provider provider, String url, String clientSecret,
            MultiMap form, List<String> sent) {
        HttpRequest<io.vertx.core.buffer.Buffer> request = client.postAbs(url).timeout(readTimeoutMillis)
                .putHeader("Accept", "application/json").as(LimitedBody.upTo(LimitedBody.MAX_BYTES));
        if ("client_secret_post".equals(provider.authMethod)) {
            form.add("client_id", provider.clientId).add("client_secret", clientSecret);
        } else {
            request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (formEncode(provider.clientId) + ":" + formEncode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> secrets = new ArrayList<>(sent);
        secrets.add(clientSecret);
        secrets.add(formEncode(provider.clientId) + ":" + formEncode(clientSecret)); // as in the Basic header
        return request.sendForm(form)
                .onFailure().transform(ProviderTokenClient::transportFailure)
                .map(response -> requireSuccess(response, secrets));
    }

    private ProviderTokens tokens(HttpResponse<io.vertx.core.buffer.Buffer> response) {
        JsonObject json = json(response);
        String access = json == null ? null : json.getString("access_token");
        if (access == null || access.isBlank()) {
            throw new ProviderError(ProviderError.Kind.UNAVAILABLE, "malformed_response",
                    "the token endpoint answered without an access_token", null);
        }
        Object expiresIn = json.getValue("expires_in");
        Long seconds = null;
        if (expiresIn instanceof Number n) {
            seconds = n.longValue();
        } else if (expiresIn instanceof String s && s.matches("\\d{1,10}")) {
            seconds = Long.parseLong(s);
        }
        return new ProviderTokens(access, json.getString("refresh_token"), json.getString("token_type", "Bearer"),
                seconds, json.getString("scope"), json.getString("id_token"));
    }

    private static HttpResponse<io.vertx.core.buffer.Buffer> requireSuccess(
            HttpResponse<io.vertx.core.buffer.Buffer> response, List<String> secrets) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        JsonObject json = json(response);
        String error = json == null ? null : stringOrNull(json.getValue("error"));
        String description = ProviderText.scrub(stringOrNull(json == null ? null : json.getValue("error_description")),
                secrets);
        if (status == 429) {
            throw new ProviderError(ProviderError.Kind.RATE_LIMITED, "rate_limited",
                    "the provider rate-limited the refresh", retryAfter(response.getHeader("Retry-After")));
        }
        if (status >= 500) {
            throw new ProviderError(ProviderError.Kind.UNAVAILABLE, "http_" + status,
                    "the provider answered " + status, retryAfter(response.getHeader("Retry-After")));
        }
        if ("invalid_grant".equals(error)) {
            throw new ProviderError(ProviderError.Kind.INVALID_GRANT, "invalid_grant",
                    description == null ? "the provider refused the refresh token" : description, null);
        }
        String code = error != null && error.matches("[a-z_]{1,64}") ? error : "http_" + status;
        throw new ProviderError(ProviderError.Kind.REJECTED, code,
                description == null ? "the provider refused the request (" + code + ")" : description, null);
    }

    private static Throwable transportFailure(Throwable failure) {
        if (failure instanceof ProviderError) {
            return failure;
        }
        String code = failure instanceof LimitedBody.TooLarge ? "response_too_large"
                : failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")
                        ? "timeout"
                        : failure instanceof ConnectException ? "connection_refused" : "transport_error";
        return new ProviderError(ProviderError.Kind.UNAVAILABLE, code, "the provider could not be reached (" + code + ")",
                null);
    }

    private static JsonObject json(HttpResponse<io.vertx.core.buffer.Buffer> response) {
        try {
            io.vertx.core.buffer.Buffer body = response.body();
            return body == null || body.length() == 0 ? null : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                var at = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(java.time.ZonedDateTime.now(), at).toSeconds());
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    private static String stringOrNull(Object value) {
        return value instanceof String text ? text : null;
    }

    private static String formEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
