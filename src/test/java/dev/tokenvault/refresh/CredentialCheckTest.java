package dev.tokenvault.refresh;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Static API tokens ({@code kind: api_key}) are checked with their catalog entry's validation request, against the
 * test server's small API ({@code /api/me}), now and on schedule.
 */
@QuarkusTest
class CredentialCheckTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @Inject
    CredentialCheck checks;

    @AfterEach
    void reset() {
        endpoint.reset();
    }

    /** An api_key provider from {@code template}, its validation request sent to the test API. */
    String provider(String template, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("template", template, "name", Api.unique(template)));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return as(Api.adminToken()).contentType(ContentType.JSON).body(body).post("/v1/providers").then()
                .statusCode(201).body("kind", equalTo("api_key")).extract().path("name");
    }

    String testApiProvider() {
        // tokenvault-test-api comes from the test catalog file (tokenvault.catalog.file): header X-Test-Key
        return provider("tokenvault-test-api", "parameters", Map.of("base_url", endpoint.apiBase()));
    }

    @Test
    void aValidKeyStaysValidARefusedOneNeedsAPersonAndRecovers() {
        String user = Api.newUser();
        String key = Api.secret("apikey");
        endpoint.validApiKeys.add(key);
        String id = Api.newConnection(user, testApiProvider(), Map.of("access_token", key));
        as(user).post("/v1/connections/" + id + "/check").then().statusCode(200)
                .body("outcome", equalTo("valid")).body("status_code", equalTo(200)).body("status", equalTo("VALID"))
                .body("checked_at", notNullValue()).body("reason", nullValue());
        assertThat(endpoint.lastApiKeyHeaders).containsExactly("X-Test-Key");

        endpoint.validApiKeys.remove(key); // revoked at the service
        as(user).post("/v1/connections/" + id + "/check").then().statusCode(200)
                .body("outcome", equalTo("refused")).body("status_code", equalTo(401))
                .body("status", equalTo("NEEDS_REAUTH")).body("reason", equalTo("credential_refused"));
        as(user).get("/v1/connections/" + id + "/status").then().body("status", equalTo("NEEDS_REAUTH"))
                .body("reason", equalTo("credential_refused"));
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(409).body("code", equalTo("needs_reauth"));

        endpoint.validApiKeys.add(key); // it was a mistake at the service: the next check sees it works again
        as(user).post("/v1/connections/" + id + "/check").then().statusCode(200).body("outcome", equalTo("valid"))
                .body("status", equalTo("VALID"));
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).body("access_token", equalTo(key));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count(
                "SELECT count(*) FROM audit_events WHERE action = 'connection.check' AND connection_id = '" + id + "'") == 3);
        as(user).get("/v1/audit?action=connection.check&connection_id=" + id).then().statusCode(200)
                .body("items.outcome", equalTo(java.util.List.of("success", "failure", "success")))
                .body("items[1].error_code", equalTo("credential_refused"));
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE connection_id = '" + id
                + "' AND (coalesce(error_code, '') || coalesce(token_fingerprint, '') || coalesce(purpose, '')) LIKE '%"
                + key + "%'")).isZero();
    }

    @Test
    void forbiddenIsRefusedTooAndAnOutageTellsNothing() {
        String user = Api.newUser();
        String id = Api.newConnection(user, testApiProvider(), Map.of("access_token", Api.secret("apikey")));
        endpoint.apiDown = true;
        as(user).post("/v1/connections/" + id + "/check").then().statusCode(200)
                .body("outcome", equalTo("inconclusive")).body("status_code", equalTo(503))
                .body("status", equalTo("VALID"));
        endpoint.apiDown = false;
        endpoint.apiForbids = true;
        as(user).post("/v1/connections/" + id + "/check").then().statusCode(200)
                .body("outcome", equalTo("refused")).body("status_code", equalTo(403))
                .body("status", equalTo("NEEDS_REAUTH"));
    }

    @Test
    void theTokenGoesWhereTheEntrySays() {
        String user = Api.newUser();
        String key = Api.secret("apikey");
        endpoint.validApiKeys.add(key);
        String circle = Api.newConnection(user, provider("circleci", "validation_url", endpoint.apiBase() + "/api/me"),
                Map.of("access_token", key));
        as(user).post("/v1/connections/" + circle + "/check").then().statusCode(200).body("outcome", equalTo("valid"));
        assertThat(endpoint.lastApiKeyHeaders).containsExactly("Circle-Token");
        String doppler = Api.newConnection(user, provider("doppler", "validation_url", endpoint.apiBase() + "/api/me"),
                Map.of("access_token", key));
        as(user).post("/v1/connections/" + doppler + "/check").then().statusCode(200).body("outcome", equalTo("valid"));
        assertThat(endpoint.lastApiKeyHeaders).containsExactly("Authorization");
    }

    @Test
    void unreachableServicesAndWrongRequestsAreClear() {
        String user = Api.newUser();
        String unreachable = Api.newConnection(user, provider("circleci", "validation_url", "http://127.0.0.1:1/me"),
                Map.of("access_token", Api.secret("apikey")));
        as(user).post("/v1/connections/" + unreachable + "/check").then().statusCode(200)
                .body("outcome", equalTo("inconclusive")).body("status_code", nullValue());
        String plain = Api.newConnection(user, Api.newProvider(), Map.of());
        as(user).post("/v1/connections/" + plain + "/check").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("conflict"));
        as(Api.newUser()).post("/v1/connections/" + unreachable + "/check").then().statusCode(404);
        as(user).post("/v1/connections/not-an-id/check").then().statusCode(404);
        given().post("/v1/connections/" + unreachable + "/check").then().statusCode(401);
        String expired = Api.newConnection(user, testApiProvider(), Map.of("access_token", Api.secret("apikey"),
                "expires_at", java.time.Instant.now().minusSeconds(60).toString()));
        as(user).post("/v1/connections/" + expired + "/check").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("has expired"));
    }

    @Test
    void theScheduledRoundChecksWhatIsDueOnce() {
        String user = Api.newUser();
        String good = Api.secret("apikey");
        endpoint.validApiKeys.add(good);
        String provider = testApiProvider();
        String valid = Api.newConnection(user, provider, Map.of("access_token", good));
        String revoked = Api.newConnection(user, provider, Map.of("access_token", Api.secret("apikey")));
        checks.runOnce().await().atMost(Duration.ofSeconds(60));
        as(user).get("/v1/connections/" + valid + "/status").then().body("status", equalTo("VALID"));
        as(user).get("/v1/connections/" + revoked + "/status").then().body("status", equalTo("NEEDS_REAUTH"))
                .body("reason", equalTo("credential_refused"));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id IN ('" + valid + "', '" + revoked
                + "') AND last_checked_at IS NOT NULL")).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count("SELECT count(*) FROM audit_events "
                + "WHERE action = 'connection.check' AND actor_subject = 'scheduler' AND connection_id IN ('" + valid
                + "', '" + revoked + "')") == 2);
        int calls = endpoint.apiCalls.get();
        checks.runOnce().await().atMost(Duration.ofSeconds(60)); // checked a moment ago: not due
        assertThat(endpoint.apiCalls.get()).isEqualTo(calls);
    }
}
