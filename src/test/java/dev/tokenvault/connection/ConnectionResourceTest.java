package dev.tokenvault.connection;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ConnectionResourceTest {

    @Test
    void storeListReadAndDeleteWithoutTokensInMetadata() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String access = Api.secret("access");
        String refresh = Api.secret("refresh");
        String created = as(user).contentType(ContentType.JSON)
                .body(Map.of("provider", provider, "external_account", "octocat", "access_token", access,
                        "refresh_token", refresh, "expires_in", 3600, "scopes", List.of("repo"),
                        "metadata", Map.of("team", "platform")))
                .when().post("/v1/connections")
                .then().statusCode(201).header("Location", containsString("/v1/connections/"))
                .body("status", equalTo("VALID")).body("external_account", equalTo("octocat"))
                .body("$", not(hasKey("access_token"))).body("$", not(hasKey("refresh_token")))
                .extract().asString();
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        String detail = as(user).when().get("/v1/connections/" + id).then().statusCode(200)
                .body("health.status", equalTo("VALID")).body("metadata.team", equalTo("platform"))
                .body("scopes", equalTo(List.of("repo"))).extract().asString();
        String list = as(user).when().get("/v1/connections").then().statusCode(200)
                .body("items.id", hasItem(id)).body("next_page_token", nullValue()).extract().asString();
        assertThat(created + detail + list).doesNotContain(access).doesNotContain(refresh);

        as(user).when().delete("/v1/connections/" + id).then().statusCode(204);
        as(user).when().get("/v1/connections/" + id).then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + id + "'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE action = 'connection.delete' AND outcome = 'success' AND connection_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void theTokenEndpointHandsOutTheTokenAndAuditsIt() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String access = Api.secret("access");
        String id = Api.newConnection(user, provider, Map.of("access_token", access, "expires_in", 3600,
                "scopes", List.of("read")));
        as(user).header("X-App-Name", "billing-sync").header("X-Purpose", "nightly export")
                .when().get("/v1/connections/" + id + "/token?min_ttl=120")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("access_token", equalTo(access)).body("token_type", equalTo("Bearer"))
                .body("expires_in", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThan(3500),
                        org.hamcrest.Matchers.lessThanOrEqualTo(3600)))
                .body("scopes", equalTo(List.of("read"))).body("expires_at", notNullValue());

        var event = as(user).when().get("/v1/audit?action=token.read&connection_id=" + id)
                .then().statusCode(200).body("items.size()", equalTo(1)).extract().jsonPath();
        assertThat(event.getString("items[0].outcome")).isEqualTo("success");
        assertThat(event.getString("items[0].app_name")).isEqualTo("billing-sync");
        assertThat(event.getString("items[0].purpose")).isEqualTo("nightly export");
        assertThat(event.getString("items[0].provider")).isEqualTo(provider);
        assertThat(event.getString("items[0].actor.kind")).isEqualTo("user");
        assertThat(event.getString("items[0].ip")).isNotBlank();
        assertThat(event.getString("items[0].user_agent")).isNotBlank();
        assertThat(event.getInt("items[0].latency_ms")).isGreaterThanOrEqualTo(0);
        assertThat(event.getString("items[0].token_fingerprint")).startsWith("hs256:").doesNotContain(access);

        // polled without REST Assured validation: a failed attempt would log the request with its JWT
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> as(user)
                .when().get("/v1/connections/" + id).path("last_used_at") != null);
    }

    @Test
    void anotherUsersConnectionIsNotFoundExactlyLikeAMissingOne() {
        String owner = Api.newUser();
        String stranger = Api.newUser();
        String id = Api.newConnection(owner, Api.newProvider(), Map.of());
        String missing = UUID.randomUUID().toString();
        for (String path : List.of("", "/token", "/status")) {
            String theirs = as(stranger).when().get("/v1/connections/" + id + path).then().statusCode(404)
                    .contentType("application/problem+json").body("code", equalTo("not_found")).extract().asString();
            String none = as(stranger).when().get("/v1/connections/" + missing + path).then().statusCode(404)
                    .extract().asString();
            assertThat(theirs).isEqualTo(none);
        }
        as(stranger).when().delete("/v1/connections/" + id).then().statusCode(404);
        as(stranger).when().get("/v1/connections").then().body("items.id", not(hasItem(id)));
        as(stranger).when().get("/v1/connections/not-a-uuid").then().statusCode(404);
        as(owner).when().get("/v1/connections/" + id).then().statusCode(200);
        // the stranger sees only their own refused attempts, nothing of the owner's
        as(stranger).when().get("/v1/audit?connection_id=" + id).then().statusCode(200)
                .body("items.outcome", org.hamcrest.Matchers.everyItem(equalTo("denied")))
                .body("items.provider", org.hamcrest.Matchers.everyItem(nullValue()));
    }

    @Test
    void anExpiredTokenAnswersAsAFailedRefresh() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String past = Instant.now().minusSeconds(60).toString();
        String noRefresh = Api.newConnection(user, provider, Map.of("expires_at", past));
        as(user).when().get("/v1/connections/" + noRefresh + "/token").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("needs_reauth"));
        as(user).when().get("/v1/connections/" + noRefresh + "/status").then().statusCode(200)
                .body("status", equalTo("EXPIRED"));

        String withRefresh = Api.newConnection(user, provider, Map.of("expires_at", past,
                "refresh_token", Api.secret("refresh")));
        as(user).when().get("/v1/connections/" + withRefresh + "/token").then().statusCode(503)
                .body("code", equalTo("provider_unavailable")).header("Retry-After", notNullValue())
                .body("$", not(hasKey("access_token")));
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE action = 'token.read' AND outcome = 'failure' "
                + "AND connection_id = '" + withRefresh + "' AND error_code = 'provider_unavailable'")).isEqualTo(1);
    }

    @Test
    void aStillValidTokenIsServedWhenItCannotBeRefreshedForMinTtl() {
        String user = Api.newUser();
        String access = Api.secret("access");
        String id = Api.newConnection(user, Api.newProvider(), Map.of("access_token", access, "expires_in", 30,
                "refresh_token", Api.secret("refresh")));
        as(user).when().get("/v1/connections/" + id + "/status").then().body("status", equalTo("EXPIRING"));
        as(user).when().get("/v1/connections?status=EXPIRING").then().body("items.id", hasItem(id));
        as(user).when().get("/v1/connections?status=VALID").then().body("items.id", not(hasItem(id)));
        // the provider's token endpoint does not resolve: the refresh fails, the current token is served
        as(user).when().get("/v1/connections/" + id + "/token?min_ttl=300").then().statusCode(200)
                .body("access_token", equalTo(access));
        as(user).when().get("/v1/connections/" + id + "/status").then().body("status", equalTo("ERROR"))
                .body("next_retry_at", notNullValue());
        as(user).when().get("/v1/connections?status=ERROR").then().body("items.id", hasItem(id));
    }

    @Test
    void statusByProvider() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        as(user).when().get("/v1/status?provider=" + provider).then().statusCode(200)
                .body("status", equalTo("NO_TOKEN"));
        Api.newConnection(user, provider, Map.of());
        as(user).when().get("/v1/status?provider=" + provider).then().statusCode(200).body("status", equalTo("VALID"))
                .body("consecutive_failures", equalTo(0));
        as(user).when().get("/v1/status").then().statusCode(400);
    }

    @Test
    void listsFilterAndPaginate() {
        String user = Api.newUser();
        String a = Api.newProvider();
        String b = Api.newProvider();
        String first = Api.newConnection(user, a, Map.of());
        String second = Api.newConnection(user, a, Map.of());
        String other = Api.newConnection(user, b, Map.of());
        String next = as(user).when().get("/v1/connections?provider=" + a + "&page_size=1").then().statusCode(200)
                .body("items.id", equalTo(List.of(first))).extract().path("next_page_token");
        as(user).when().get("/v1/connections?provider=" + a + "&page_size=1&page_token=" + next).then()
                .body("items.id", equalTo(List.of(second)));
        as(user).when().get("/v1/connections?provider=" + b).then().body("items.id", equalTo(List.of(other)));
        as(user).when().get("/v1/connections?status=SHINY").then().statusCode(400);
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String secret = Api.secret("access");
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", secret, "colour", "red"))
                .when().post("/v1/connections").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_request")).body("detail", equalTo("unknown field 'colour'"));
        as(user).contentType(ContentType.JSON).body("{\"provider\": \"" + provider + "\", \"access_token\": ")
                .when().post("/v1/connections").then().statusCode(400).body("code", equalTo("invalid_request"));
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", List.of(secret)))
                .when().post("/v1/connections").then().statusCode(400)
                .body("detail", containsString("access_token")).body(not(containsString(secret)));
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider))
                .when().post("/v1/connections").then().statusCode(400).body("detail", containsString("'access_token'"));
        as(user).contentType(ContentType.JSON).body(Map.of("provider", Api.unique("nope"), "access_token", secret))
                .when().post("/v1/connections").then().statusCode(400).body("detail", containsString("'provider'"));
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", secret,
                "expires_in", 60, "expires_at", Instant.now().toString()))
                .when().post("/v1/connections").then().statusCode(400);
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", secret,
                "expires_at", "yesterday"))
                .when().post("/v1/connections").then().statusCode(400).body("detail", containsString("expires_at"));
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", secret,
                "owner", UUID.randomUUID().toString()))
                .when().post("/v1/connections").then().statusCode(403);
        as(user).contentType("text/plain").body("hello").when().post("/v1/connections").then().statusCode(415)
                .contentType("application/problem+json");

        String big = "{\"provider\":\"" + provider + "\",\"access_token\":\"" + "x".repeat(70_000) + "\"}";
        as(user).contentType(ContentType.JSON).body(big).when().post("/v1/connections").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload_too_large"));
        as(user).contentType(ContentType.JSON) // a stream of unknown length is sent chunked
                .body(new java.io.ByteArrayInputStream(big.getBytes()))
                .when().post("/v1/connections").then().statusCode(413).body("code", equalTo("payload_too_large"));

        // every refused request was this user's, and none stored anything
        as(user).get("/v1/connections").then().statusCode(200).body("items.size()", equalTo(0));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isZero();
    }

    @Test
    void tokenQueryParametersAreChecked() {
        String user = Api.newUser();
        String id = Api.newConnection(user, Api.newProvider(), Map.of());
        as(user).when().get("/v1/connections/" + id + "/token?min_ttl=-1").then().statusCode(400);
        as(user).when().get("/v1/connections/" + id + "/token?min_ttl=soon").then().statusCode(400);
        as(user).when().get("/v1/connections/" + id + "/token?force_refresh=maybe").then().statusCode(400);
    }

    @Test
    void duplicateConnectionsConflict() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        Api.newConnection(user, provider, Map.of("external_account", "same"));
        as(user).contentType(ContentType.JSON)
                .body(Map.of("provider", provider, "external_account", "same", "access_token", Api.secret("access")))
                .when().post("/v1/connections").then().statusCode(409).body("code", equalTo("conflict"));
    }

    @Test
    void noTokenIsHandedOutWhenTheAuditLogCannotBeWritten() {
        String user = Api.newUser();
        String access = Api.secret("access");
        String id = Api.newConnection(user, Api.newProvider(), Map.of("access_token", access));
        // the audit log refuses this connection's records only (a trigger on this test's own data)
        String trigger = "tvtest_refuse_audit_" + id.replace("-", "");
        Api.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.connection_id = '" + id + "' THEN RAISE EXCEPTION 'audit refused by the test'; END IF; "
                + "RETURN NEW; END $$");
        Api.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION "
                + trigger + "()");
        try {
            String body = as(user).when().get("/v1/connections/" + id + "/token").then().statusCode(503)
                    .contentType("application/problem+json").body("code", equalTo("audit_unavailable"))
                    .extract().asString();
            assertThat(body).doesNotContain(access);
        } finally {
            Api.execute("DROP TRIGGER " + trigger + " ON audit_events");
            Api.execute("DROP FUNCTION " + trigger + "()");
        }
        as(user).when().get("/v1/connections/" + id + "/token").then().statusCode(200);
    }

    @Test
    void unauthenticatedCallersGetAProblem() {
        given().when().get("/v1/connections").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }
}
