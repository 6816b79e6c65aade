package dev.tokenvault.webhook;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import dev.tokenvault.TestTokenEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Webhooks end to end: events written with the change that causes them, delivered signed to a receiver that
 * verifies them with the Standard Webhooks reference library, retried, and never carrying a token.
 */
@QuarkusTest
class WebhookTest {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    final NodeReceiver receiver = NodeReceiver.get();
    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @Inject
    WebhookWarnings warnings;

    @AfterEach
    void resetEndpoint() {
        endpoint.reset();
    }

    record Hook(Person owner, String project, String id, String name) {
    }

    /** A project with one endpoint for {@code events}, the receiver armed with its secret and {@code plan}. */
    Hook hook(List<String> events, List<Integer> plan) {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String name = Api.unique("hook");
        var created = as(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(name), "events", events, "description", "test receiver"))
                .post("/v1/projects/" + project + "/webhooks").then().statusCode(201)
                .header("Cache-Control", "no-store").body("secret", startsWith("whsec_"))
                .body("enabled", equalTo(true)).extract();
        receiver.configure(name, created.path("secret"), plan);
        return new Hook(owner, project, created.path("id"), name);
    }

    List<Map<String, Object>> await(Hook hook, int count) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.received(hook.name()).size() >= count);
        return receiver.received(hook.name());
    }

    @Test
    void deliveriesAreSignedAsTheStandardSaysAndCarryNoToken() {
        Hook hook = hook(List.of("*"), List.of());
        String provider = Api.newProvider();
        String access = Api.secret("access");
        String id = as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("project", hook.project(),
                "provider", provider, "subject", "company-42", "access_token", access, "refresh_token",
                Api.secret("refresh"))).post("/v1/connections").then().statusCode(201).extract().path("id");
        as(hook.owner().token()).delete("/v1/connections/" + id).then().statusCode(204);
        as(hook.owner().token()).post("/v1/projects/" + hook.project() + "/webhooks/" + hook.id() + "/ping").then()
                .statusCode(202);

        List<Map<String, Object>> got = await(hook, 3);
        assertThat(got).extracting(m -> m.get("type"))
                .containsExactlyInAnyOrder("connection.created", "connection.deleted", "ping");
        for (Map<String, Object> delivery : got) {
            assertThat(delivery.get("verified")).as(String.valueOf(delivery.get("error"))).isEqualTo(true);
            assertThat(delivery.get("wrong_secret_fails")).isEqualTo(true);
            assertThat((String) delivery.get("body")).doesNotContain(access).doesNotContain("tvtest-");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> created = (Map<String, Object>) got.stream()
                .filter(m -> "connection.created".equals(m.get("type"))).findFirst().orElseThrow().get("data");
        assertThat(created).containsEntry("connection_id", id).containsEntry("provider", provider)
                .containsEntry("subject", "company-42").containsEntry("status", "VALID").containsKey("project");
        // the log of attempts
        as(hook.owner().token()).get("/v1/projects/" + hook.project() + "/webhooks/" + hook.id() + "/deliveries")
                .then().statusCode(200).body("items.size()", equalTo(3))
                .body("items.outcome", org.hamcrest.Matchers.everyItem(equalTo("delivered")))
                .body("items.status_code", org.hamcrest.Matchers.everyItem(equalTo(200)));
    }

    @Test
    void aFailingReceiverIsTriedAgainUntilItAnswers2xx() {
        Hook hook = hook(List.of("connection.created"), List.of(500, 500, 200));
        String id = as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("project", hook.project(),
                "provider", Api.newProvider(), "access_token", Api.secret("access"))).post("/v1/connections").then()
                .statusCode(201).extract().path("id");
        List<Map<String, Object>> got = await(hook, 3);
        assertThat(got).extracting(m -> m.get("answered")).containsExactly(500, 500, 200);
        assertThat(got).extracting(m -> m.get("id")).containsOnly(got.get(0).get("id")); // the same webhook-id
        List<String> outcomes = as(hook.owner().token())
                .get("/v1/projects/" + hook.project() + "/webhooks/" + hook.id() + "/deliveries").then()
                .statusCode(200).extract().path("items.outcome");
        assertThat(outcomes).containsExactly("delivered", "failed", "failed"); // newest first
        assertThat(Api.count("SELECT count(*) FROM webhook_deliveries d WHERE d.status = 'delivered' AND "
                + "d.attempts = 3 AND d.payload->>'connection_id' = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void aReceiverThatAnswers410IsDisabled() {
        Hook hook = hook(List.of("*"), List.of(410));
        as(hook.owner().token()).post("/v1/projects/" + hook.project() + "/webhooks/" + hook.id() + "/ping").then()
                .statusCode(202);
        await(hook, 1);
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> as(hook.owner().token())
                .get("/v1/projects/" + hook.project() + "/webhooks/" + hook.id()).then()
                .body("enabled", equalTo(false)).body("disabled_reason", containsString("410")));
        // nothing more goes there until someone enables it again
        as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("project", hook.project(), "provider",
                Api.newProvider(), "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(201);
        as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("enabled", true))
                .patch("/v1/projects/" + hook.project() + "/webhooks/" + hook.id()).then().statusCode(200)
                .body("enabled", equalTo(true)).body("failed_events", equalTo(0));
    }

    @Test
    void theRefreshPipelineAnnouncesNeedsReauthOnceAndRecoveryOnce() {
        Hook hook = hook(List.of("connection.needs_reauth", "connection.refresh_failed", "connection.recovered"),
                List.of());
        String provider = Api.newTestEndpointProvider("client_secret_basic", false);
        String id = as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("project", hook.project(),
                "provider", provider, "access_token", Api.secret("access"), "refresh_token",
                endpoint.issueRefreshToken(), "expires_at", Instant.now().minusSeconds(60).toString()))
                .post("/v1/connections").then().statusCode(201).extract().path("id");

        // the provider is down: the first failure of the run is announced, the retries are not
        endpoint.mode.set(TestTokenEndpoint.Mode.DOWN_503);
        as(hook.owner().token()).get("/v1/connections/" + id + "/token").then().statusCode(503);
        Api.execute("UPDATE connections SET next_retry_at = now() - interval '1 second' WHERE id = '" + id + "'");
        as(hook.owner().token()).get("/v1/connections/" + id + "/token").then().statusCode(503);
        // it comes back: recovered
        endpoint.mode.set(TestTokenEndpoint.Mode.NORMAL);
        Api.execute("UPDATE connections SET next_retry_at = now() - interval '1 second' WHERE id = '" + id + "'");
        as(hook.owner().token()).get("/v1/connections/" + id + "/token").then().statusCode(200);
        // then the grant is refused for good: needs_reauth, once, however often callers ask
        endpoint.mode.set(TestTokenEndpoint.Mode.INVALID_GRANT_ALL);
        Api.execute("UPDATE connections SET expires_at = now() - interval '1 minute' WHERE id = '" + id + "'");
        for (int i = 0; i < 3; i++) {
            as(hook.owner().token()).get("/v1/connections/" + id + "/token").then().statusCode(409);
        }
        List<Map<String, Object>> got = await(hook, 3);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.received(hook.name()).size() == 3);
        // (deliveries of one round go out side by side: their order is not guaranteed, as with any webhooks)
        assertThat(got).extracting(m -> m.get("type")).containsExactlyInAnyOrder("connection.refresh_failed",
                "connection.recovered", "connection.needs_reauth");
        @SuppressWarnings("unchecked")
        Map<String, Object> reauth = (Map<String, Object>) got.stream()
                .filter(m -> "connection.needs_reauth".equals(m.get("type"))).findFirst().orElseThrow().get("data");
        assertThat(reauth).containsEntry("connection_id", id).containsEntry("status", "NEEDS_REAUTH")
                .containsEntry("reason", "invalid_grant");
    }

    @Test
    void warningsGoOutOnceBeforeARefreshTokenDiesAndBeforeAKeyExpires() {
        Hook hook = hook(List.of("connection.reauth_due", "api_key.expiring"), List.of());
        String id = as(hook.owner().token()).contentType(ContentType.JSON).body(Map.of("project", hook.project(),
                "provider", Api.newProvider(), "subject", "acme", "access_token", Api.secret("access"),
                "refresh_token", Api.secret("refresh"))).post("/v1/connections").then().statusCode(201)
                .extract().path("id");
        Api.execute("UPDATE connections SET reauth_due_at = now() + interval '3 days' WHERE id = '" + id + "'");
        String key = Api.newProjectKey(hook.owner().token(), hook.project(), Map.of("expires_at",
                Instant.now().plus(Duration.ofDays(2)).toString()));
        warnings.announce().await().atMost(Duration.ofSeconds(10));
        warnings.announce().await().atMost(Duration.ofSeconds(10)); // a second round announces nothing again
        List<Map<String, Object>> got = await(hook, 2);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.received(hook.name()).size() == 2);
        assertThat(got).extracting(m -> m.get("type"))
                .containsExactlyInAnyOrder("connection.reauth_due", "api_key.expiring");
        for (Map<String, Object> delivery : got) {
            assertThat((String) delivery.get("body")).doesNotContain(key).doesNotContain("tvtest-");
        }
    }

    @Test
    void endpointsAreForTheProjectsMembersAndBadInputIsRefused() {
        Hook hook = hook(List.of("*"), List.of());
        String base = "/v1/projects/" + hook.project() + "/webhooks";
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("url", "ftp://x.example/h", "events",
                List.of("*")), Map.of("url", "https://x.example/h", "events", List.of()),
                Map.of("url", "https://x.example/h", "events", List.of("connection.exploded")),
                Map.of("url", "https://user:pw@x.example/h", "events", List.of("*")),
                Map.of("url", "https://x.example/h", "events", List.of("*", "ping")),
                Map.of("url", 42, "events", List.of("*")))) {
            as(hook.owner().token()).contentType(ContentType.JSON).body(bad).post(base).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(hook.owner().token()).get(base).then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].secret", equalTo(null));
        Person member = Api.newPerson();
        Person viewer = Api.newPerson();
        Api.addMember(hook.owner().token(), hook.project(), member.username(), "member");
        Api.addMember(hook.owner().token(), hook.project(), viewer.username(), "viewer");
        as(member.token()).get(base).then().statusCode(200);
        as(viewer.token()).get(base).then().statusCode(403);
        as(viewer.token()).contentType(ContentType.JSON).body(Map.of("url", "https://x.example/h", "events",
                List.of("*"))).post(base).then().statusCode(403);
        as(Api.newUser()).get(base).then().statusCode(404);
        as(hook.owner().token()).delete(base + "/" + hook.id()).then().statusCode(204);
        as(hook.owner().token()).get(base + "/" + hook.id()).then().statusCode(404);
    }
}
