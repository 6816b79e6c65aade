package dev.tokenvault.refresh;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.ProviderTokens;
import dev.tokenvault.platform.FormBody;
import dev.tokenvault.platform.LimitedBody;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.Quirk;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
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
 * with the provider's stored client credentials, {@code client_secret_basic} or {@code client_secret_post}, and
 * reads the answer in whatever shape the provider documents (the catalog's quirks, see {@link #tokens}).
 *
 * <p>Built on the Vert.x Mutiny web client (the one quarkus-oidc-client uses underneath) rather than
 * {@code OidcClient}: the failure policy needs the HTTP status and {@code Retry-After} of a refused refresh,
 * and {@code OidcClientException} carries only the response body.
 */
@ApplicationScoped
public class ProviderTokenClient {

    /** Longest metadata value kept from an answer (as text). */
    static final int MAX_METADATA_VALUE = 2048;
    /** Keys never kept from an answer's objects: they may hold a credential. */
    static final Pattern CREDENTIAL = Pattern.compile("(?i).*(token|secret|password|signature|code).*");

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
        return post(provider, provider.tokenUrl, clientSecret, form, List.of(refreshToken),
                (response, secrets) -> tokens(provider, response, secrets));
    }

    /** Exchanges an authorization code (RFC 6749 §4.1.3), for the connect flow. */
    public Uni<ProviderTokens> exchangeCode(Provider provider, String clientSecret, String code, String redirectUri,
            String codeVerifier) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier);
        return post(provider, provider.tokenUrl, clientSecret, form, List.of(code, codeVerifier),
                (response, secrets) -> tokens(provider, response, secrets));
    }

    /** RFC 7009 revocation; completes when the provider accepted it (200), fails otherwise. */
    public Uni<Void> revoke(Provider provider, String clientSecret, String token, String tokenTypeHint) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", token).add("token_type_hint", tokenTypeHint);
        return post(provider, provider.revocationUrl, clientSecret, form, List.of(token), (response, secrets) -> null)
                .replaceWithVoid();
    }

    /**
     * POSTs the form with the provider's client credentials and reads a successful answer with {@code read}.
     * {@code sent} are the other secrets in the request: with the client secret, they are scrubbed from anything of
     * the answer that is kept.
     */
    private <T> Uni<T> post(Provider provider, String url, String clientSecret, MultiMap form, List<String> sent,
            BiFunction<HttpResponse<Buffer>, List<String>, T> read) {
        HttpRequest<Buffer> request = client.postAbs(url).timeout(readTimeoutMillis)
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
                .map(response -> read.apply(requireSuccess(provider, response, secrets), secrets));
    }

    /**
     * The tokens of a successful answer, in whichever shape the provider sends them: JSON or form-encoded
     * (GitHub), {@code expires_in} as a number or a string, the tokens in a nested object
     * ({@code token_response_path}: Slack's {@code authed_user}), an error sent with HTTP 200 (GitHub's
     * {@code {"error": ...}}, Slack's {@code {"ok": false, ...}}), {@code issued_at} in milliseconds (Salesforce),
     * the refresh token's life in a field of the provider's naming ({@code x_refresh_token_expires_in}), and the
     * fields the provider's catalog entry keeps as metadata.
     */
    static ProviderTokens tokens(Provider provider, HttpResponse<Buffer> response, List<String> secrets) {
        JsonObject body = body(response);
        if (body != null && (body.getValue("error") instanceof String || Boolean.FALSE.equals(body.getValue("ok")))) {
            throw refusal(provider, response.statusCode(), body, secrets, null); // an error sent with HTTP 2xx
        }
        JsonObject tokens = nested(body, provider.tokenResponsePath);
        String access = text(tokens, "access_token");
        if (access == null || access.isBlank()) {
            throw new ProviderError(ProviderError.Kind.UNAVAILABLE, "malformed_response",
                    "the token endpoint answered without an access_token", null);
        }
        String refreshField = provider.refreshTokenExpiresInField != null ? provider.refreshTokenExpiresInField
                : "refresh_token_expires_in";
        Instant issuedAt = null;
        if (provider.has(Quirk.ISSUED_AT_MILLIS)) {
            Long millis = seconds(tokens.getValue("issued_at"), 15);
            issuedAt = millis == null ? null : Instant.ofEpochMilli(millis);
        }
        return new ProviderTokens(access, text(tokens, "refresh_token"), text(tokens, "token_type"),
                seconds(tokens.getValue("expires_in"), 10), text(tokens, "scope"), text(tokens, "id_token"),
                positive(seconds(tokens.getValue(refreshField), 10)), issuedAt,
                metadata(provider.metadataFieldList(), body, tokens));
    }

    /** The answer as a JSON object: parsed as JSON, or form-encoded when it says so or is not JSON; null if neither. */
    static JsonObject body(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        String type = response.getHeader("Content-Type");
        boolean form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if (!form) {
            try {
                return body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                // GitHub without Accept: application/json answers form-encoded, sometimes as text/plain
            }
        }
        try {
            return new JsonObject(new LinkedHashMap<>(FormBody.parse(body.toString(StandardCharsets.UTF_8).trim())));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The object at {@code path} when it holds an access token (the first answer of Slack v2), else the answer. */
    static JsonObject nested(JsonObject body, String path) {
        if (body == null || path == null) {
            return body;
        }
        Object at = body;
        for (String step : path.split("\\.")) {
            at = at instanceof JsonObject object ? object.getValue(step) : null;
        }
        return at instanceof JsonObject object && object.getValue("access_token") instanceof String ? object : body;
    }

    /** A whole number of seconds (or milliseconds) given as a JSON number or as digits; null otherwise. */
    static Long seconds(Object value, int maxDigits) {
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < Math.pow(10, maxDigits)) {
            return n.longValue();
        }
        if (value instanceof String s && s.matches("\\d{1," + maxDigits + "}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    private static Long positive(Long value) {
        return value == null || value <= 0 ? null : value;
    }

    /**
     * The fields the provider's entry keeps as metadata, from the answer (or its nested token object): text, numbers,
     * booleans and small objects (Slack's {@code team}), with anything that may be a credential left out.
     */
    static Map<String, Object> metadata(List<String> fields, JsonObject body, JsonObject tokens) {
        if (fields.isEmpty() || body == null) {
            return Map.of();
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = body.containsKey(field) ? body.getValue(field) : tokens.getValue(field);
            Object safe = safe(value, 0);
            if (safe != null && String.valueOf(safe).length() <= MAX_METADATA_VALUE) {
                kept.put(field, safe);
            }
        }
        return kept;
    }

    private static Object safe(Object value, int depth) {
        if (value instanceof String text) {
            return text.length() <= MAX_METADATA_VALUE && text.chars().noneMatch(Character::isISOControl) ? text : null;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof JsonObject object && depth < 2) {
            Map<String, Object> kept = new LinkedHashMap<>();
            object.forEach(e -> {
                Object inner = CREDENTIAL.matcher(e.getKey()).matches() ? null : safe(e.getValue(), depth + 1);
                if (inner != null) {
                    kept.put(e.getKey(), inner);
                }
            });
            return kept.isEmpty() ? null : kept;
        }
        return null;
    }

    private static HttpResponse<Buffer> requireSuccess(Provider provider, HttpResponse<Buffer> response,
            List<String> secrets) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw refusal(provider, status, body(response), secrets, response.getHeader("Retry-After"));
    }

    /**
     * A refusal classified for the failure policy: 429 and 5xx may pass; {@code invalid_grant} and the provider's
     * own codes for a dead grant ({@code bad_refresh_token}, {@code invalid_refresh_token}) need a person; anything
     * else is a refusal an administrator fixes. The description is kept only scrubbed of every secret sent.
     */
    static ProviderError refusal(Provider provider, int status, JsonObject json, List<String> secrets,
            String retryAfter) {
        String error = json == null ? null : stringOrNull(json.getValue("error"));
        String description = ProviderText.scrub(stringOrNull(json == null ? null : json.getValue("error_description")),
                secrets);
        if (status == 429) {
            return new ProviderError(ProviderError.Kind.RATE_LIMITED, "rate_limited",
                    "the provider rate-limited the refresh", retryAfter(retryAfter));
        }
        if (status >= 500) {
            return new ProviderError(ProviderError.Kind.UNAVAILABLE, "http_" + status,
                    "the provider answered " + status, retryAfter(retryAfter));
        }
        String code = error != null && error.matches("[a-z_]{1,64}") ? error : "http_" + status;
        if (error != null && provider.meansReauth(error)) {
            return new ProviderError(ProviderError.Kind.INVALID_GRANT, code,
                    description == null ? "the provider refused the refresh token (" + code + ")" : description, null);
        }
        return new ProviderError(ProviderError.Kind.REJECTED, code,
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

    private static String text(JsonObject json, String field) {
        return json == null ? null : stringOrNull(json.getValue(field));
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
