package dev.tokenvault.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one place that talks HTTP to tokenvault: authentication, {@code Retry-After}, bounded retries and the mapping
 * of {@code application/problem+json} answers to typed exceptions. It logs nothing but the method, the path and the
 * outcome of a retry, never a header or a body.
 */
final class Http {

    private static final System.Logger LOG = System.getLogger("dev.tokenvault.client");

    private final URI baseUrl;
    private final HttpClient client;
    private final Credentials credentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxRetries;
    private final Duration maxRetryWait;
    private final Duration requestTimeout;
    private final Map<String, String> headers;

    Http(URI baseUrl, HttpClient client, Credentials credentials, Clock clock, Sleeper sleeper, int maxRetries,
            Duration maxRetryWait, Duration requestTimeout, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.credentials = credentials;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxRetries = maxRetries;
        this.maxRetryWait = maxRetryWait;
        this.requestTimeout = requestTimeout;
        this.headers = Map.copyOf(headers);
    }

    URI baseUrl() {
        return baseUrl;
    }

    Clock clock() {
        return clock;
    }

    HttpClient client() {
        return client;
    }

    Credentials credentials() {
        return credentials;
    }

    JsonNode get(String path) {
        return send("GET", path, null, null, true);
    }

    JsonNode postJson(String path, Object body) {
        return send("POST", path, JsonTrees.write(body), "application/json", true);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null, null, true);
    }

    /** An unauthenticated form post (login, token exchange). */
    JsonNode postForm(String path, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(query(k) + "=" + query(v)));
        return send("POST", path, body.toString(), "application/x-www-form-urlencoded", false);
    }

    /** An unauthenticated JSON post (login). */
    JsonNode postJsonAnonymous(String path, Object body) {
        return send("POST", path, JsonTrees.write(body), "application/json", false);
    }

    private JsonNode send(String method, String path, String body, String contentType, boolean authenticated) {
        String request = method + " " + pathOnly(path);
        boolean retryable = method.equals("GET");
        boolean renewedCredentials = false;
        for (int attempt = 0;; attempt++) {
            String authorization = null;
            HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).timeout(requestTimeout)
                    .header("Accept", "application/json, application/problem+json");
            headers.forEach(builder::header);
            if ("http".equalsIgnoreCase(baseUrl.getScheme())) {
                builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on plain http
            }
            if (authenticated) {
                if (credentials == null) {
                    throw new NotAuthenticatedException(401, "unauthenticated",
                            "no credentials configured: give an API key, a bearer token or a workload identity",
                            request);
                }
                authorization = credentials.authorization(this);
                builder.header("Authorization", authorization);
            }
            if (body != null) {
                builder.header("Content-Type", contentType);
                builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (retryable && attempt < maxRetries) {
                    Duration wait = backoff(attempt);
                    LOG.log(System.Logger.Level.DEBUG, "{0} failed ({1}); retrying in {2} ms", request, describe(e),
                            wait.toMillis());
                    pause(wait, request);
                    continue;
                }
                throw new ServiceUnavailableException(0, "unreachable", "tokenvault at " + baseUrl
                        + " cannot be reached (" + describe(e) + ")", request, null, clock.instant(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenVaultException(0, "interrupted", "the request was interrupted", request, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body());
            }
            if (status == 401 && authenticated && credentials.renewable() && !renewedCredentials) {
                credentials.rejected(authorization);
                renewedCredentials = true;
                attempt--; // a renewal is not a retry
                continue;
            }
            TokenVaultException failure = problem(response, request);
            if (retryable && attempt < maxRetries && failure instanceof ServiceUnavailableException unavailable) {
                Duration wait = unavailable.retryAfter() != null ? unavailable.retryAfter() : backoff(attempt);
                if (wait.compareTo(maxRetryWait) <= 0) {
                    LOG.log(System.Logger.Level.DEBUG, "{0} answered {1} {2}; retrying in {3} s", request, status,
                            failure.code(), wait.toSeconds());
                    pause(wait, request);
                    continue;
                }
            }
            throw failure;
        }
    }

    private void pause(Duration wait, String request) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenVaultException(0, "interrupted", "interrupted while waiting to retry", request, e);
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(4_000L, 250L << Math.min(attempt, 4)));
    }

    private TokenVaultException problem(HttpResponse<byte[]> response, String request) {
        String code = null;
        String detail = null;
        try {
            JsonNode body = JsonTrees.parse(response.body());
            if (body != null && body.isObject()) {
                code = text(body, "code");
                detail = text(body, "detail");
                if (code == null) {
                    code = text(body, "error"); // OAuth-style errors ({"error": "invalid_request"})
                    detail = detail != null ? detail : text(body, "error_description");
                }
            }
        } catch (IOException notJson) {
            // a proxy's page: the status says enough
        }
        long retryAfter = response.headers().firstValue("Retry-After").map(Http::seconds).orElse(-1L);
        return TokenVaultException.of(response.statusCode(), code, detail, retryAfter, request, clock.instant());
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            try { // an HTTP date
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(retryAfter.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(java.time.Instant.now(), at.toInstant()).toSeconds());
            } catch (java.time.format.DateTimeParseException unreadable) {
                return -1;
            }
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        try {
            return JsonTrees.parse(body);
        } catch (IOException e) {
            throw new TokenVaultException(0, "invalid_response", "tokenvault answered something that is not JSON",
                    null);
        }
    }

    private URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create(base + path);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getClass().getSimpleName();
    }

    /** A path segment, percent-encoded ({@code ~admin}, names with spaces). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query value, percent-encoded. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The base URL as given, without a trailing slash; it must be absolute http(s). */
    static URI normalize(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("baseUrl is required (for instance https://vault.example.com)");
        }
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a URL: " + trimmed);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http or https URL: " + trimmed);
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not carry user info, a query or a fragment");
        }
        return uri;
    }
}
