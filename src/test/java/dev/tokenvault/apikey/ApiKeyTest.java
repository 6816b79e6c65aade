package dev.tokenvault.apikey;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ApiKeyTest {

    @Inject
    TestClock clock;

    static Response create(String user, String name, List<String> connections) {
        return as(user).contentType(ContentType.JSON).body(Map.of("name", name, "connection_ids", connections))
                .post("/v1/api-keys");
    }

    @Test
    void aKeyIsShownOnceAndReadsOnlyItsConnections() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String bound = Api.newConnection(user, provider, Map.of("expires_in", 3600));
        String unbound = Api.newConnection(user, provider, Map.of("expires_in", 3600));
        Response created = create(user, "cli", List.of(bound));
        created.then().statusCode(201).header("Cache-Control", "no-store").body("prefix", notNullValue());
        String key = created.path("key");
        String id = created.path("id");
        assertThat(key).matches("tvk_[0-9A-Za-z]{30}_[0-9A-Za-z]{6}").startsWith(created.path("prefix").toString());
        assertThat(ApiKeyFormat.parse(key)).isNotNull();

        as(user).get("/v1/api-keys").then().statusCode(200).body("items.find { it.id == '" + id + "' }.name",
                equalTo("cli")).body("items.find { it.id == '" + id + "' }.key", nullValue());
        assertThat(as(user).get("/v1/api-keys").asString()).doesNotContain(key);

        as(key).get("/v1/me").then().statusCode(200).body("kind", equalTo("api_key"))
                .body("connections", equalTo(List.of(bound)));
        as(key).get("/v1/connections/" + bound + "/token").then().statusCode(200);
        as(key).get("/v1/connections/" + bound + "/status").then().statusCode(200);
        as(key).get("/v1/connections/" + unbound + "/token").then().statusCode(404).body("code", equalTo("not_found"));
        as(key).get("/v1/connections").then().statusCode(200).body("items.id", equalTo(List.of(bound)));
        as(key).delete("/v1/connections/" + bound).then().statusCode(403);
        as(key).get("/v1/api-keys").then().statusCode(403);
        as(key).get("/v1/users").then().statusCode(403);
        as(Api.newUser()).get("/v1/connections/" + bound + "/token").then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM api_keys WHERE id = '" + id + "' AND last_used_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void onlyTheUsersOwnConnectionsCanBeBound() {
        String user = Api.newUser();
        String other = Api.newUser();
        String theirs = Api.newConnection(other, Api.newProvider(), Map.of());
        create(user, "cli", List.of(theirs)).then().statusCode(400).body("code", equalTo("invalid_request"));
        create(user, "cli", List.of(UUID.randomUUID().toString())).then().statusCode(400);
        create(user, "cli", List.of()).then().statusCode(400);
        as(user).contentType(ContentType.JSON).body(Map.of("name", "old", "connection_ids", List.of(theirs),
                "expires_at", "2001-01-01T00:00:00Z")).post("/v1/api-keys").then().statusCode(400);
    }

    @Test
    void revocationTakesEffectAtOnceBecauseEveryRequestLooksTheKeyUp() {
        String user = Api.newUser();
        String conn = Api.newConnection(user, Api.newProvider(), Map.of("expires_in", 3600));
        Response first = create(user, "one", List.of(conn));
        String key = first.path("key");
        as(key).get("/v1/me").then().statusCode(200);
        as(user).delete("/v1/api-keys/" + first.path("id")).then().statusCode(204);
        as(key).get("/v1/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        as(user).delete("/v1/api-keys/" + first.path("id")).then().statusCode(404);

        // as if another replica revoked it: the row goes, and this replica refuses the very next request
        Response second = create(user, "two", List.of(conn));
        String other = second.path("key");
        as(other).get("/v1/connections/" + conn + "/token").then().statusCode(200);
        Api.execute("DELETE FROM api_keys WHERE id = '" + second.path("id") + "'");
        as(other).get("/v1/connections/" + conn + "/token").then().statusCode(401);
    }

    @Test
    void anExpiredKeyIsRefused() {
        String user = Api.newUser();
        String conn = Api.newConnection(user, Api.newProvider(), Map.of());
        Response created = as(user).contentType(ContentType.JSON).body(Map.of("name", "soon", "connection_ids",
                List.of(conn), "expires_at", Instant.now().plusSeconds(3600).toString())).post("/v1/api-keys");
        String key = created.path("key");
        as(key).get("/v1/me").then().statusCode(200);
        Api.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '" + created.path("id") + "'");
        as(key).get("/v1/me").then().statusCode(401);
    }

    @Test
    void aKeyWithABadChecksumIsRefusedWithoutADatabaseLookup() {
        String user = Api.newUser();
        String conn = Api.newConnection(user, Api.newProvider(), Map.of());
        String key = create(user, "cli", List.of(conn)).path("key");
        char last = key.charAt(key.length() - 1);
        String tampered = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
        double lookups = Api.meter("tokenvault_api_key_lookups_total");
        as(tampered).get("/v1/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        as("tvk_short").get("/v1/me").then().statusCode(401);
        assertThat(Api.meter("tokenvault_api_key_lookups_total")).isEqualTo(lookups); // no database lookup
        as(key).get("/v1/me").then().statusCode(200);
        assertThat(Api.meter("tokenvault_api_key_lookups_total")).isEqualTo(lookups + 1);
    }

    @Test
    void tokenReadsAreRateLimitedPerPrincipal() {
        String user = Api.newUser();
        String conn = Api.newConnection(user, Api.newProvider(), Map.of("expires_in", 3600));
        String key = create(user, "busy", List.of(conn)).path("key");
        int admitted = 0;
        Response refused = null;
        clock.freeze(); // no refill while the burst is spent: exactly the burst is admitted
        try {
            for (int i = 0; i < 400 && refused == null; i++) {
                Response r = as(key).get("/v1/connections/" + conn + "/token");
                if (r.statusCode() == 429) {
                    refused = r;
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    admitted++;
                }
            }
        } finally {
            clock.reset();
        }
        assertThat(refused).isNotNull();
        assertThat(admitted).isEqualTo(300); // the test profile's burst
        refused.then().contentType("application/problem+json").body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
        // another principal is not affected
        as(user).get("/v1/connections/" + conn + "/token").then().statusCode(200);
    }

    @Test
    void keyFormatChecksum() {
        ApiKeyFormat.Parsed key = ApiKeyFormat.generate();
        assertThat(ApiKeyFormat.parse(key.key())).isEqualTo(key);
        assertThat(ApiKeyFormat.parse(key.key().replace("tvk_", "tvx_"))).isNull();
        assertThat(ApiKeyFormat.parse(key.key() + "0")).isNull();
        assertThat(key.toString()).doesNotContain(key.key());
    }
}
