package dev.tokenvault.leak;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import dev.tokenvault.TestTokenEndpoint;
import dev.tokenvault.connection.FingerprintBackfill;
import dev.tokenvault.webhook.NodeReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Leak response against a real provider endpoint: a leaked token is found with every hand-out, revoked at the
 * provider (RFC 7009) and replaced through the refresh pipeline; API keys are revoked at once; the lookup itself is
 * audited without the token; only administrators and project owners see anything.
 */
@QuarkusTest
class LeakTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();
    final NodeReceiver receiver = NodeReceiver.get();

    @Inject
    FingerprintBackfill backfill;

    @AfterEach
    void resetEndpoint() {
        endpoint.reset();
    }

    record Team(Person owner, String project, String provider) {
    }

    Team team() {
        Person owner = Api.newPerson();
        return new Team(owner, Api.newProject(owner.token()), Api.newTestEndpointProvider("client_secret_basic", true));
    }

    /** A connection of the team's project with a refresh token the test endpoint honours; its id. */
    String connection(Team team, String access) {
        return as(team.owner().token()).contentType(ContentType.JSON).body(Map.of("project", team.project(),
                "provider", team.provider(), "subject", Api.unique("company"), "access_token", access,
                "refresh_token", endpoint.issueRefreshToken(), "expires_in", 3600))
                .post("/v1/connections").then().statusCode(201).extract().path("id");
    }

    static Map<String, String> token(String token) {
        return Map.of("token", token);
    }

    @Test
    void aLeakedAccessTokenIsFoundWithItsThreeHandOutsThenRevokedAndReplaced() {
        Team team = team();
        String hookName = Api.unique("hook");
        String secret = as(team.owner().token()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(hookName), "events", List.of("connection.leaked")))
                .post("/v1/projects/" + team.project() + "/webhooks").then().statusCode(201).extract().path("secret");
        receiver.configure(hookName, secret, List.of());
        String access = Api.secret("access");
        String id = connection(team, access);
        for (String app : List.of("billing", "reports", "sync")) {
            as(team.owner().token()).header("X-App-Name", app).header("X-Purpose", "nightly " + app)
                    .get("/v1/connections/" + id + "/token").then().statusCode(200).body("access_token", equalTo(access));
        }

        String fingerprint = as(team.owner().token()).contentType(ContentType.JSON).body(token(access))
                .post("/v1/leaks/lookup").then().statusCode(200)
                .body("matches", hasSize(1))
                .body("matches[0].kind", equalTo("access_token"))
                .body("matches[0].connection_id", equalTo(id))
                .body("matches[0].provider", equalTo(team.provider()))
                .body("matches[0].current", equalTo(true))
                .body("matches[0].handed_out", hasSize(3))
                .body("matches[0].handed_out.app_name", contains("billing", "reports", "sync"))
                .body("matches[0].handed_out.purpose", contains("nightly billing", "nightly reports", "nightly sync"))
                .body("matches[0].handed_out[0].actor.kind", equalTo("user"))
                .body("matches[0].handed_out[0].ip", not(empty()))
                .extract().path("fingerprint");
        // the same answer by fingerprint alone, and the lookups are audited with the fingerprint, never the token
        as(team.owner().token()).contentType(ContentType.JSON).body(Map.of("fingerprint", fingerprint))
                .post("/v1/leaks/lookup").then().statusCode(200).body("matches[0].handed_out", hasSize(3));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count("SELECT count(*) FROM audit_events "
                + "WHERE action = 'leak.lookup' AND token_fingerprint = '" + fingerprint + "'") == 2);
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE coalesce(error_code, '') || coalesce(purpose, '') "
                + "|| coalesce(user_agent, '') LIKE '%" + access + "%'")).isZero();

        int revocations = endpoint.revoked.size();
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/revoke").then()
                .statusCode(200).body("fingerprint", equalTo(fingerprint))
                .body("results", hasSize(1))
                .body("results[0].connection_id", equalTo(id))
                .body("results[0].revoked_upstream", equalTo(true))
                .body("results[0].replaced", equalTo(true))
                .body("results[0].state", equalTo("ACTIVE"));
        assertThat(endpoint.revoked.subList(revocations, endpoint.revoked.size())).contains(access);
        String fresh = as(team.owner().token()).get("/v1/connections/" + id + "/token").then().statusCode(200)
                .extract().path("access_token");
        assertThat(fresh).isNotEqualTo(access);
        // the old token is now a past one: still found, with its hand-outs, no longer current
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                .body("matches", hasSize(1)).body("matches[0].current", equalTo(false))
                .body("matches[0].handed_out", hasSize(3));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received(hookName).isEmpty());
        Map<String, Object> delivery = receiver.received(hookName).get(0);
        assertThat(delivery.get("type")).isEqualTo("connection.leaked");
        assertThat(delivery.get("verified")).isEqualTo(true);
        assertThat((String) delivery.get("body")).contains(id).doesNotContain(access).doesNotContain("tvtest-");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count("SELECT count(*) FROM audit_events "
                + "WHERE action = 'leak.revoke' AND connection_id = '" + id + "'") == 1);
    }

    @Test
    void aLeakedRefreshTokenIsRotatedAwayAndBothOldTokensRevoked() {
        Team team = team();
        String refresh = endpoint.issueRefreshToken();
        String access = Api.secret("access");
        String id = as(team.owner().token()).contentType(ContentType.JSON).body(Map.of("project", team.project(),
                "provider", team.provider(), "subject", "acme", "access_token", access, "refresh_token", refresh))
                .post("/v1/connections").then().statusCode(201).extract().path("id");
        as(team.owner().token()).contentType(ContentType.JSON).body(token(refresh)).post("/v1/leaks/lookup").then()
                .body("matches[0].kind", equalTo("refresh_token")).body("matches[0].handed_out", empty());
        as(team.owner().token()).contentType(ContentType.JSON).body(token(refresh)).post("/v1/leaks/revoke").then()
                .statusCode(200).body("results[0].kind", equalTo("refresh_token"))
                .body("results[0].replaced", equalTo(true)).body("results[0].revoked_upstream", equalTo(true));
        assertThat(endpoint.revoked).contains(refresh, access);
        as(team.owner().token()).get("/v1/connections/" + id + "/status").then().body("status", equalTo("VALID"));
        as(team.owner().token()).contentType(ContentType.JSON).body(token(refresh)).post("/v1/leaks/lookup").then()
                .body("matches", empty());
    }

    @Test
    void aLeakedTokenThatCannotBeReplacedLeavesTheConnectionNeedingAPerson() {
        Team team = team();
        String access = Api.secret("static");
        String id = as(team.owner().token()).contentType(ContentType.JSON).body(Map.of("project", team.project(),
                "provider", team.provider(), "subject", "static", "access_token", access))
                .post("/v1/connections").then().statusCode(201).extract().path("id");
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/revoke").then()
                .statusCode(200).body("results[0].replaced", equalTo(false))
                .body("results[0].state", equalTo("NEEDS_REAUTH"));
        assertThat(endpoint.revoked).contains(access);
        as(team.owner().token()).get("/v1/connections/" + id + "/status").then()
                .body("status", equalTo("NEEDS_REAUTH")).body("reason", equalTo("leaked"));
    }

    @Test
    void aLeakedApiKeyIsFoundWithItsMakerAndRevokedAtOnce() {
        Team team = team();
        String key = Api.newProjectKey(team.owner().token(), team.project(), Map.of());
        as(key).get("/v1/me").then().statusCode(200);
        as(team.owner().token()).contentType(ContentType.JSON).body(token(key)).post("/v1/leaks/lookup").then()
                .statusCode(200).body("matches", hasSize(1)).body("matches[0].kind", equalTo("api_key"))
                .body("matches[0].handed_out[0].action", equalTo("api_key.create"))
                .body("matches[0].handed_out[0].actor.subject", equalTo(team.owner().username()));
        as(team.owner().token()).contentType(ContentType.JSON).body(token(key)).post("/v1/leaks/revoke").then()
                .statusCode(200).body("results[0].kind", equalTo("api_key")).body("results[0].revoked", equalTo(true));
        as(key).get("/v1/me").then().statusCode(401);
        assertThat(Api.count("SELECT count(*) FROM outbox_events WHERE type = 'api_key.leaked' AND payload::text LIKE '%"
                + key + "%'")).isZero();
        as(team.owner().token()).contentType(ContentType.JSON).body(token(key)).post("/v1/leaks/revoke").then()
                .statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void onlyAdministratorsAndTheProjectsOwnersSeeALeak() {
        Team team = team();
        String access = Api.secret("access");
        connection(team, access);
        Person member = Api.newPerson();
        Api.addMember(team.owner().token(), team.project(), member.username(), "member");
        Person stranger = Api.newPerson();
        String key = Api.newProjectKey(team.owner().token(), team.project(), Map.of());
        for (String caller : List.of(member.token(), stranger.token(), key)) {
            as(caller).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                    .statusCode(200).body("matches", empty());
            as(caller).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/revoke").then()
                    .statusCode(404);
        }
        as(Api.adminToken()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                .statusCode(200).body("matches", hasSize(1));
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        Team team = team();
        String access = Api.secret("access");
        connection(team, access);
        for (Object body : List.of(Map.of(), Map.of("token", access, "fingerprint", "hs256:AAAAAAAAAAAAAAAAAAAAAA"),
                Map.of("fingerprint", "sha1:nope"), Map.of("token", ""), Map.of("token", 42),
                Map.of("token", access, "extra", 1), List.of(access))) {
            as(team.owner().token()).contentType(ContentType.JSON).body(body).post("/v1/leaks/revoke").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"))
                    .body("detail", not(org.hamcrest.Matchers.containsString(access)));
        }
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                .body("matches[0].current", equalTo(true));
        Api.quiet().contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then().statusCode(401);
    }

    @Test
    void tokensStoredBeforeFingerprintsAreFoundOnceTheBackfillRan() {
        Team team = team();
        String access = Api.secret("access");
        String id = connection(team, access);
        Api.execute("UPDATE connections SET access_fingerprint = NULL, refresh_fingerprint = NULL WHERE id = '" + id + "'");
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                .body("matches", empty());
        assertThat(backfill.run().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(1);
        as(team.owner().token()).contentType(ContentType.JSON).body(token(access)).post("/v1/leaks/lookup").then()
                .body("matches", hasSize(1)).body("matches[0].connection_id", equalTo(id));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + id
                + "' AND refresh_fingerprint IS NOT NULL")).isEqualTo(1);
    }
}
