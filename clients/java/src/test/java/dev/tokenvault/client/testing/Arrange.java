package dev.tokenvault.client.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * Arranges what a test needs through the server's HTTP API with the JDK's client (not with the library under test):
 * users, projects, providers backed by mock-oauth2-server, connections, API keys, trusted issuers and bindings; and
 * reads the audit log to count what reached the server. Every secret made here starts with {@code tvtest-}, so the
 * scan of the logs finds any that leaks; and no value of a secret ever goes into an assertion message.
 */
public final class Arrange {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static String adminToken;

    private Arrange() {
    }

    public static TestServer server() {
        return TestServer.get();
    }

    public static String url() {
        return server().url();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh secret-looking value carrying the marker the log scan looks for. */
    public static String secret(String kind) {
        return "tvtest-" + kind + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** SHA-256 of a secret, hex: what tests compare and print instead of the secret. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A person signed in. */
    public record Person(String username, String password, String id, String token) {
        @Override
        public String toString() {
            return "Person[" + username + "]";
        }
    }

    /** A provider registered in tokenvault whose token endpoint is mock-oauth2-server's, for {@code issuerId}. */
    public record Provider(String name, String issuerId) {
    }

    public static synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = login(TestServer.ADMIN, server().adminPassword());
        }
        return adminToken;
    }

    public static String login(String username, String password) {
        return call("POST", "/v1/auth/login", null, Map.of("username", username, "password", password), 200)
                .get("access_token").asText();
    }

    public static Person newUser() {
        String username = unique("user");
        String password = secret("password");
        String id = call("POST", "/v1/users", adminToken(), Map.of("username", username, "password", password,
                "roles", List.of("user")), 201).get("id").asText();
        return new Person(username, password, id, login(username, password));
    }

    /** A team project owned by {@code owner}; returns its name. */
    public static String newProject(Person owner) {
        String name = unique("team").toLowerCase();
        call("POST", "/v1/projects", owner.token(), Map.of("name", name), 201);
        return name;
    }

    /** An API key of the project with these permissions; returns the key. */
    public static String newApiKey(Person owner, String project, String... permissions) {
        return call("POST", "/v1/projects/" + project + "/api-keys", owner.token(),
                Map.of("name", unique("key"), "permissions", List.of(permissions.length == 0
                        ? new String[] { "tokens:read" } : permissions)), 201).get("key").asText();
    }

    /** A provider at mock-oauth2-server under a fresh issuer id (tokens live an hour). */
    public static Provider newProvider() {
        return newProvider(unique("provider-issuer"));
    }

    /** A provider whose refreshed tokens live {@link TestServer#SHORT_LIVED_SECONDS} seconds. */
    public static Provider newShortLivedProvider() {
        return newProvider(TestServer.SHORT_LIVED_ISSUER);
    }

    private static Provider newProvider(String issuerId) {
        String name = unique("prov");
        var oauth2 = server().oauth2();
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("token_url", server().tokenUrl(issuerId));
        body.put("authorize_url", oauth2.authorizationEndpointUrl(issuerId).toString());
        body.put("client_id", "client-" + name);
        body.put("client_secret", secret("client-secret"));
        body.put("auth_method", "client_secret_post");
        body.put("scopes", List.of("openid", "read"));
        body.put("refresh_skew_seconds", 0);
        call("POST", "/v1/providers", adminToken(), body, 201);
        return new Provider(name, issuerId);
    }

    /** A stored connection in the project; {@code fields} override the defaults (a valid token for an hour). */
    public static String newConnection(Person member, String project, Provider provider, String subject,
            Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("project", project);
        body.put("provider", provider.name());
        if (subject != null) {
            body.put("subject", subject);
        }
        body.putIfAbsent("access_token", secret("access"));
        body.putIfAbsent("refresh_token", secret("refresh"));
        if (!body.containsKey("expires_at")) {
            body.putIfAbsent("expires_in", 3600);
        }
        return call("POST", "/v1/connections", member.token(), body, 201).get("id").asText();
    }

    /** How many {@code token.read} events the audit log has for the connection: one per request that reached it. */
    public static int tokenReads(Person member, String connectionId) {
        return events(member, connectionId, "token.read").size();
    }

    public static List<JsonNode> events(Person member, String connectionId, String action) {
        JsonNode page = call("GET", "/v1/audit?connection_id=" + connectionId + "&action=" + action + "&page_size=500",
                member.token(), null, 200);
        List<JsonNode> out = new java.util.ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    /** Trusts an issuer of mock-oauth2-server for {@code audience} (admin). */
    public static String trustIssuer(String issuerId, String audience) {
        String issuer = server().oauth2().issuerUrl(issuerId).toString();
        call("POST", "/v1/issuers", adminToken(), Map.of("issuer", issuer, "audiences", List.of(audience)), 201);
        return issuer;
    }

    /** A binding: tokens of {@code issuer} for {@code audience} with these claims read the project's tokens. */
    public static String bind(Person owner, String issuer, String audience, Map<String, Object> claims, String project,
            int ttlSeconds) {
        return call("POST", "/v1/bindings", owner.token(), Map.of("issuer", issuer, "audience", audience,
                "bound_claims", claims, "project", project, "ttl_seconds", ttlSeconds), 201).get("id").asText();
    }

    /** A JWT of the mock-oauth2-server issuer, as a CI platform would sign it. */
    public static String platformToken(String issuerId, String audience, Map<String, Object> claims, long expirySeconds) {
        return server().oauth2().issueToken(issuerId, "ci", new DefaultOAuth2TokenCallback(issuerId,
                "repo:acme/app:ref:refs/heads/main", "JWT", List.of(audience), claims, expirySeconds)).serialize();
    }

    /** The answer's JSON; fails (without echoing the request) when the status is not {@code expected}. */
    public static JsonNode call(String method, String path, String token, Object body, int expected) {
        HttpResponse<String> response = send(method, path, token, body);
        if (response.statusCode() != expected) {
            throw new AssertionError(method + " " + path.split("\\?")[0] + " answered " + response.statusCode()
                    + ", expected " + expected + ": " + problemOf(response.body()));
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + method + " " + path);
        }
    }

    public static HttpResponse<String> send(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Only the problem's code and detail: an answer body may carry a secret, a problem never does. */
    private static String problemOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("code").asText() + " " + n.path("detail").asText();
        } catch (IOException | RuntimeException e) {
            return "(no problem document)";
        }
    }
}
