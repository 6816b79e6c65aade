package dev.tokenvault.app;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every write endpoint, each field of its body turned into each of the inputs that once answered 500 (a NUL
 * character, wrong types, huge numbers, years past 9999, empty strings for timestamps, ...), plus malformed
 * bodies, URLs and forms: every answer is a 4xx {@code application/problem+json}, never a 5xx, and nothing
 * with this run's marker is stored.
 */
@QuarkusTest
class HostileInputTest {

    static final String MARK = "hostile" + UUID.randomUUID().toString().substring(0, 6);

    /** Values no field accepts: whatever field they replace, the request is refused and stores nothing. */
    static final List<Object> NEVER_VALID = List.of("\u0000", MARK + "\u0000x", Map.of("\u0000", "x"),
            List.of("a\u0000"));

    /** Values that are wrong for most fields (wrong types, huge numbers, years past 9999, empty strings, nulls). */
    static final List<Object> HOSTILE = List.of(42, 1.5, true, List.of(), Map.of(),
            new java.math.BigDecimal("1e400"), new java.math.BigInteger("99999999999999999999999"), -1,
            "10000-01-01T00:00:00Z", "", java.util.Arrays.asList((Object) null), "x".repeat(5000));

    record Endpoint(String method, String path, Map<String, Object> body, boolean admin) {
    }

    List<Endpoint> endpoints(String user, String provider, String connection) {
        String admin = Api.adminToken();
        List<Endpoint> all = new ArrayList<>();
        // first: a hostile value that a later endpoint stores as a token (an access_token of "10000-01-01...")
        // would make the revoke reach that connection's unreachable provider, a correct 503 with Retry-After
        all.add(new Endpoint("POST", "/v1/leaks/lookup", Map.of("token", MARK + "-leaked"), false));
        all.add(new Endpoint("POST", "/v1/leaks/revoke", Map.of("token", MARK + "-leaked"), true));
        all.add(new Endpoint("POST", "/v1/secret-scanning/github", Map.of("token", MARK + "-leaked", "type",
                "tokenvault_api_key", "url", "https://github.com/o/r", "source", "content"), false));
        all.add(new Endpoint("POST", "/v1/auth/login", Map.of("username", MARK, "password", "long-password"), false));
        all.add(new Endpoint("POST", "/v1/auth/token", Map.of("grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", "x.y.z", "subject_token_type",
                "urn:ietf:params:oauth:token-type:jwt"), false));
        all.add(new Endpoint("POST", "/v1/users", Map.of("username", MARK + "u", "password", "long-enough-password",
                "roles", List.of("user")), true));
        all.add(new Endpoint("PATCH", "/v1/users/" + subject(Api.newUser()), Map.of("roles", List.of("user"),
                "disabled", false, "password", "long-enough-password"), true));
        all.add(new Endpoint("PUT", "/v1/me/password", Map.of("current_password", "wrong-password",
                "new_password", "long-enough-password"), false));
        all.add(new Endpoint("POST", "/v1/providers", Map.of("name", MARK + "p", "token_url",
                "https://oauth.example.test/token", "client_id", "c", "client_secret", "s", "scopes", List.of("a"),
                "refresh_skew_seconds", 60, "auth_method", "client_secret_post"), true));
        all.add(new Endpoint("POST", "/v1/providers", Map.of("template", "zendesk", "name", MARK + "t",
                "client_id", "c", "client_secret", "s", "scopes", List.of("a"), "parameters", Map.of("subdomain", "acme"),
                "authorize_params", Map.of("locale", "de")), true));
        all.add(new Endpoint("PUT", "/v1/providers/" + provider, Map.of("token_url", "https://oauth.example.test/token",
                "client_id", "c", "scopes", List.of("a"), "refresh_skew_seconds", 60), true));
        all.add(new Endpoint("POST", "/v1/connections", Map.of("provider", provider, "external_account", MARK,
                "access_token", "at", "refresh_token", "rt", "expires_in", 60, "scopes", List.of("a"),
                "metadata", Map.of("k", "v"), "token_type", "Bearer"), false));
        all.add(new Endpoint("POST", "/v1/connections", Map.of("provider", provider, "external_account", MARK + "2",
                "access_token", "at", "expires_at", "2030-01-01T00:00:00Z"), false));
        all.add(new Endpoint("POST", "/v1/api-keys", Map.of("name", MARK, "connection_ids", List.of(connection),
                "expires_at", "2030-01-01T00:00:00Z"), false));
        all.add(new Endpoint("POST", "/v1/issuers", Map.of("issuer", "https://" + MARK + ".example.test",
                "audiences", List.of("a"), "jwks", Map.of("keys", List.of())), true));
        all.add(new Endpoint("POST", "/v1/bindings", Map.of("issuer", "https://" + MARK + ".example.test",
                "audience", "a", "bound_claims", Map.of("repository", "acme/app"), "connection_ids", List.of(connection),
                "ttl_seconds", 900), true));
        all.add(new Endpoint("POST", "/v1/connect/" + provider, Map.of("return_to", "/ui/connections",
                "external_account", MARK), false));
        // projects: the user owns one, with a colleague to give roles to
        String project = Api.newProject(user);
        all.add(new Endpoint("POST", "/v1/projects", Map.of("name", MARK + "-p", "display_name", "Acme"), false));
        all.add(new Endpoint("PATCH", "/v1/projects/" + project, Map.of("display_name", "Acme",
                "allowed_return_urls", List.of("https://app.example.com/cb*")), false));
        all.add(new Endpoint("PUT", "/v1/projects/" + project + "/members/" + Api.newPerson().username(),
                Map.of("role", "viewer"), false));
        all.add(new Endpoint("POST", "/v1/connections", Map.of("project", project, "provider", provider, "subject",
                MARK + "-s", "external_account", MARK + "3", "access_token", "at"), false));
        all.add(new Endpoint("POST", "/v1/projects/" + project + "/api-keys", Map.of("name", MARK, "permissions",
                List.of("tokens:read"), "providers", List.of(provider), "expires_at", "2030-01-01T00:00:00Z"), false));
        all.add(new Endpoint("POST", "/v1/projects/" + project + "/webhooks", Map.of("url", "https://" + MARK
                + ".example.test/hook", "events", List.of("connection.created"), "description", "d"), false));
        all.add(new Endpoint("POST", "/v1/projects/" + project + "/connect-sessions", Map.of("provider", provider,
                "subject", MARK, "return_to", "https://app.example.com/cb", "ttl_seconds", 600), false));
        tokens.put("admin", admin);
        tokens.put("user", user);
        return all;
    }

    final Map<String, String> tokens = new LinkedHashMap<>();

    static String subject(String token) {
        return as(token).get("/v1/me").then().extract().path("subject");
    }

    /** From an address of its own (through the trusted test proxy), so its refused logins count against nobody else. */
    static final String ADDRESS = "198.18.0." + (int) (Math.random() * 250 + 1);

    RequestSpecification caller(Endpoint endpoint) {
        return Api.as(endpoint.admin() ? tokens.get("admin") : tokens.get("user")).header("X-Forwarded-For", ADDRESS);
    }

    @Test
    void everyFieldOfEveryWriteEndpointRefusesHostileValuesWithA4xxProblem() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String connection = Api.newConnection(user, provider, Map.of());
        List<String> failures = new ArrayList<>();
        List<Endpoint> endpoints = endpoints(user, provider, connection);
        int sent = mutateEveryField(endpoints, NEVER_VALID, failures);
        for (Response refused : lastResponses) {
            assertThat(refused.statusCode()).isEqualTo(400);
        }
        assertThat(Api.count("SELECT count(*) FROM users WHERE username LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM providers WHERE name LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM connections WHERE external_account LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM api_keys WHERE name LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM trusted_issuers WHERE issuer LIKE '%" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM projects WHERE name LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM connect_sessions WHERE subject LIKE '" + MARK + "%'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM webhook_endpoints WHERE url LIKE '%" + MARK + "%'")).isZero();
        sent += mutateEveryField(endpoints, HOSTILE, failures);
        for (Endpoint endpoint : endpoints) {
            for (String raw : List.of("{", "[]", "null", "\"text\"", "{\"a\":1}{", "{\"x\":\"\\ud800\"}", "")) {
                Response r = caller(endpoint).contentType("application/json").body(raw).request(endpoint.method(),
                        endpoint.path());
                sent++;
                check(r, endpoint.method() + " " + endpoint.path() + " raw " + raw, failures);
            }
            Response notUtf8 = caller(endpoint).contentType("application/json")
                    .body(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}' })
                    .request(endpoint.method(), endpoint.path());
            check(notUtf8, endpoint.method() + " " + endpoint.path() + " not UTF-8", failures);
            Response noType = caller(endpoint).body(json(endpoint.body()).getBytes(StandardCharsets.UTF_8))
                    .request(endpoint.method(), endpoint.path());
            check(noType, endpoint.method() + " " + endpoint.path() + " without Content-Type", failures);
            assertThat(noType.statusCode()).as(endpoint.path()).isEqualTo(415);
            sent += 2;
        }
        assertThat(failures).as(sent + " requests sent").isEmpty();
    }

    final List<Response> lastResponses = new ArrayList<>();

    /** Sends each endpoint's body with each field replaced by each value; answers how many requests went out. */
    int mutateEveryField(List<Endpoint> endpoints, List<Object> values, List<String> failures) {
        lastResponses.clear();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            for (String field : endpoint.body().keySet()) {
                for (Object value : values) {
                    Map<String, Object> body = new LinkedHashMap<>(endpoint.body());
                    body.put(field, value);
                    Response r = caller(endpoint).contentType("application/json").body(json(body))
                            .request(endpoint.method(), endpoint.path());
                    sent++;
                    lastResponses.add(r);
                    check(r, endpoint.method() + " " + endpoint.path() + " " + field + "=" + printable(value), failures);
                }
            }
        }
        return sent;
    }

    @Test
    void urlsWithNulMalformedEncodingOrBadBytesAreRefused() {
        String user = Api.newUser();
        String id = Api.newConnection(user, Api.newProvider(), Map.of());
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/v1/connections/" + id + "%00/token", "/v1/connections/%00",
                "/v1/connections/" + id + "/token?min_ttl=6%000", "/v1/audit?actor=a%00b",
                "/v1/audit?actor=%c3%28", "/v1/status?provider=%00", "/v1/audit?since=%00",
                "/v1/connections/" + id + "/token?min_ttl=99999999999999999999", "/v1/connections/" + id
                        + "/token?min_ttl=1.5", "/v1/connections/" + id + "/token?force_refresh=%00",
                "/v1/audit?page_size=-1", "/v1/audit?page_size=1e3", "/v1/audit?page_token=%00",
                "/v1/audit?page_token=!!!", "/v1/oauth/callback?state=%00&code=x", "/v1/audit?until=+10000-01-01T00:00:00Z",
                "/v1/projects/%00", "/v1/projects/x%00/members", "/v1/projects/x/tokens/%00?subject=a",
                "/v1/projects/x/tokens/p?subject=%00", "/v1/projects/x/status/p?subject=%c3%28",
                "/v1/connections?project=%00", "/v1/connections?subject=%00", "/v1/audit?project=%00")) {
            String answer = Raw.requestLine("GET " + path + " HTTP/1.1", user);
            int status = Integer.parseInt(answer.substring(9, 12));
            if (status >= 500 || (status >= 400 && !answer.toLowerCase().contains("content-type: application/problem+json"))) {
                failures.add("GET " + path + " -> " + answer.lines().findFirst().orElse(""));
            }
        }
        // the end user's connect page answers pages, never a server error
        for (String path : List.of("/connect/%00", "/connect/" + "a".repeat(5000), "/connect/%c3%28", "/connect/x?y=%00")) {
            String answer = Raw.requestLine("GET " + path + " HTTP/1.1", null);
            if (Integer.parseInt(answer.substring(9, 12)) >= 500) {
                failures.add("GET " + path + " -> " + answer.lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).isEmpty();
        // a URL whose percent-encoding is broken is no URI at all: the HTTP layer refuses it before the service sees it
        for (String path : List.of("/v1/audit?actor=%zz", "/v1/connections?provider=%", "/v1/conn%zzections")) {
            assertThat(Raw.requestLine("GET " + path + " HTTP/1.1", user)).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void theTokenEndpointRefusesBrokenFormsWithoutAServerError() {
        List<String> failures = new ArrayList<>();
        for (String form : List.of("grant_type=%zz", "subject_token=%", "subject_token=%c3%28", "a=1&a=2",
                "subject_token=%00", "grant_type=x&subject_token=" + "x".repeat(60_000), "\u00e9=1")) {
            checkRaw(Raw.send("POST", "/v1/auth/token", null, "application/x-www-form-urlencoded",
                    form.getBytes(StandardCharsets.ISO_8859_1)), "form " + form.substring(0, Math.min(30, form.length())),
                    failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void uiFormsWithNulCharactersAreRefusedToo() {
        Response login = given().contentType("application/x-www-form-urlencoded").redirects().follow(false)
                .body("username=a%00b&password=whatever-password&csrf=x").post("/ui/login");
        assertThat(login.statusCode()).isLessThan(500);
        Response api = Api.quiet().contentType("application/json").body("{\"username\":\"ad\\u0000min\",\"password\":\"x\"}")
                .post("/v1/auth/login");
        assertThat(api.statusCode()).isEqualTo(400);
    }

    static void check(Response r, String what, List<String> failures) {
        int status = r.statusCode();
        String type = r.contentType() == null ? "" : r.contentType();
        if (status >= 500 || (status >= 400 && !type.startsWith("application/problem+json"))) {
            failures.add(what + " -> " + status + " " + type);
        }
    }

    static void checkRaw(java.net.http.HttpResponse<String> r, String what, List<String> failures) {
        int status = r.statusCode();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (status >= 500 || (status >= 400 && !type.startsWith("application/problem+json"))) {
            failures.add(what + " -> " + status + " " + type);
        }
    }

    /** Requests sent exactly as written: no client re-encodes the URL or the body. */
    static final class Raw {
        /** One request over a plain socket, its request line exactly as given; answers the head of the response. */
        static String requestLine(String line, String token) {
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.setSoTimeout(10_000);
                String request = line + "\r\nHost: localhost" + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
                        + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

        static java.net.http.HttpResponse<String> send(String method, String pathAndQuery, String token,
                String contentType, byte[] body) {
            try {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                        + io.restassured.RestAssured.port + pathAndQuery)).method(method, body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                return HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String printable(Object value) {
        return String.valueOf(value).replace("\u0000", "\\0");
    }
}
