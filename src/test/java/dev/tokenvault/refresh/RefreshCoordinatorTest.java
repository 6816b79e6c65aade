package dev.tokenvault.refresh;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class RefreshCoordinatorTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @Inject
    ProactiveRefresher scheduler;

    @AfterEach
    void reset() {
        endpoint.reset();
    }

    /** A user's connection whose access token has expired and whose refresh token the endpoint honours. */
    record Expired(String user, String id, String refreshToken, String provider) {
    }

    Expired expired(String authMethod) {
        String user = Api.newUser();
        String provider = Api.newTestEndpointProvider(authMethod, true);
        String refresh = endpoint.issueRefreshToken();
        String id = Api.newConnection(user, provider, Map.of("refresh_token", refresh,
                "expires_at", Instant.now().minusSeconds(30).toString()));
        return new Expired(user, id, refresh, provider);
    }

    @Test
    void twoHundredConcurrentReadsShareOneUpstreamRefresh() throws Exception {
        Expired c = expired("client_secret_basic");
        int before = endpoint.refreshCalls.get();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/v1/connections/" + c.id() + "/token");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + c.user())
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> tokens = new HashSet<>();
        for (var call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            tokens.add(JsonPath.from(response.body()).getString("access_token"));
        }
        assertThat(endpoint.refreshCalls.get() - before).isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(tokens.iterator().next()).startsWith("tvtest-at-");
        assertThat(endpoint.isUsable(c.refreshToken())).isFalse(); // rotated
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("VALID"))
                .body("last_refreshed_at", notNullValue()).body("consecutive_failures", equalTo(0));
    }

    @Test
    void refreshesAreMeteredPerProviderAndOutcome() {
        Expired c = expired("client_secret_basic");
        String provider = "provider=\"" + c.provider() + "\"";
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(200);
        assertThat(Api.meter("tokenvault_refresh_attempts_total", provider, "outcome=\"success\"")).isEqualTo(1);
        assertThat(Api.meter("tokenvault_refresh_latency_seconds_count", provider)).isEqualTo(1);
        endpoint.mode.set(TestTokenEndpoint.Mode.DOWN_503);
        as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true");
        assertThat(Api.meter("tokenvault_refresh_attempts_total", provider, "outcome=\"http_503\"")).isEqualTo(1);
        assertThat(Api.meter("tokenvault_refresh_latency_seconds_count", provider)).isEqualTo(2);
    }

    @Test
    void rotatedRefreshTokensAreStoredAndUsedNext() {
        Expired c = expired("client_secret_post");
        String first = as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(200)
                .body("scopes", equalTo(List.of("read", "write"))).extract().path("access_token");
        String second = as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then()
                .statusCode(200).extract().path("access_token");
        String third = as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then()
                .statusCode(200).extract().path("access_token");
        assertThat(Set.of(first, second, third)).hasSize(3);
        assertThat(endpoint.reuseRefusals.get()).isZero();
        // the refresh's own audit record is written beside the hand-out, not before it
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> as(c.user())
                .get("/v1/audit?action=token.refresh&connection_id=" + c.id()).jsonPath().getList("items").size() == 3);
        as(c.user()).get("/v1/audit?action=token.refresh&connection_id=" + c.id()).then()
                .body("items[0].token_fingerprint", notNullValue());
        as(c.user()).get("/v1/connections/" + c.id()).then().statusCode(200)
                .body("health.history.outcome", hasItem("success"));
    }

    @Test
    void providerDownMeansErrorWithARetryTimeThenRecovery() {
        Expired c = expired("client_secret_basic");
        endpoint.mode.set(TestTokenEndpoint.Mode.DOWN_503);
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503)
                .body("code", equalTo("provider_unavailable")).header("Retry-After", notNullValue());
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("ERROR"))
                .body("reason", equalTo("http_503")).body("next_retry_at", notNullValue())
                .body("consecutive_failures", equalTo(1));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + c.id() + "' AND refresh_token IS NOT NULL"))
                .isEqualTo(1);
        // while backing off, callers do not hit the provider
        int calls = endpoint.refreshCalls.get();
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503);
        assertThat(endpoint.refreshCalls.get()).isEqualTo(calls);

        endpoint.mode.set(TestTokenEndpoint.Mode.NORMAL);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(200));
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("VALID"))
                .body("next_retry_at", nullValue()).body("consecutive_failures", equalTo(0));
    }

    @Test
    void invalidGrantNeedsReauthAndStopsUpstreamCalls() {
        Expired c = expired("client_secret_basic");
        endpoint.mode.set(TestTokenEndpoint.Mode.INVALID_GRANT_ALL);
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(409)
                .body("code", equalTo("needs_reauth"));
        int calls = endpoint.refreshCalls.get();
        endpoint.mode.set(TestTokenEndpoint.Mode.NORMAL);
        for (int i = 0; i < 3; i++) {
            as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then().statusCode(409);
        }
        assertThat(endpoint.refreshCalls.get()).isEqualTo(calls);
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("NEEDS_REAUTH"))
                .body("reason", equalTo("invalid_grant"));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + c.id() + "' AND refresh_token IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void rateLimitsHonourRetryAfter() {
        Expired c = expired("client_secret_basic");
        endpoint.mode.set(TestTokenEndpoint.Mode.RATE_LIMITED_429);
        endpoint.retryAfterSeconds = 40;
        String retryAfter = as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503)
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(35L, 40L);
        String next = as(c.user()).get("/v1/connections/" + c.id() + "/status").then()
                .body("reason", equalTo("rate_limited")).extract().path("next_retry_at");
        assertThat(Instant.parse(next)).isAfter(Instant.now().plusSeconds(30));
    }

    @Test
    void aValidTokenIsStillServedWhenTheRefreshFails() {
        String user = Api.newUser();
        String provider = Api.newTestEndpointProvider("client_secret_basic", false);
        String access = Api.secret("access");
        String id = Api.newConnection(user, provider, Map.of("access_token", access, "expires_in", 30,
                "refresh_token", endpoint.issueRefreshToken()));
        endpoint.mode.set(TestTokenEndpoint.Mode.DOWN_503);
        as(user).get("/v1/connections/" + id + "/token?min_ttl=120").then().statusCode(200)
                .body("access_token", equalTo(access));
        as(user).get("/v1/connections/" + id + "/status").then().body("status", equalTo("ERROR"));
    }

    @Test
    void forceRefreshNeverAnswersTheTokenTheCallerAlreadyHad() {
        String user = Api.newUser();
        String provider = Api.newTestEndpointProvider("client_secret_basic", false);
        String access = Api.secret("access");
        String id = Api.newConnection(user, provider, Map.of("access_token", access, "expires_in", 3600,
                "refresh_token", endpoint.issueRefreshToken()));
        endpoint.mode.set(TestTokenEndpoint.Mode.DOWN_503);
        // the caller's token was refused by the provider's API: a failed refresh answers its error
        as(user).get("/v1/connections/" + id + "/token?force_refresh=true").then().statusCode(503)
                .body("code", equalTo("provider_unavailable"));
        // without force_refresh, the still-valid token is what it is
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).body("access_token", equalTo(access));
    }

    @Test
    void whatAProviderEchoesBackNeverReachesTheStatus() throws Exception {
        Expired c = expired("client_secret_basic");
        endpoint.mode.set(TestTokenEndpoint.Mode.ECHO_400);
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503);
        String status = as(c.user()).get("/v1/connections/" + c.id() + "/status").then()
                .body("reason", equalTo("invalid_request")).extract().asString();
        String detail = as(c.user()).get("/v1/connections/" + c.id()).then().extract().asString();
        String stored;
        try (var db = Api.jdbc(); var st = db.createStatement(); var rs = st.executeQuery(
                "SELECT state_message FROM connections WHERE id = '" + c.id() + "'")) {
            rs.next();
            stored = rs.getString(1);
        }
        String basic = java.util.Base64.getEncoder().encodeToString(
                (TestTokenEndpoint.CLIENT_ID + ":" + TestTokenEndpoint.CLIENT_SECRET).getBytes());
        for (String text : List.of(status, detail, stored)) {
            assertThat(text).doesNotContain(c.refreshToken()).doesNotContain(TestTokenEndpoint.CLIENT_SECRET)
                    .doesNotContain(basic).doesNotContain(java.util.Base64.getEncoder()
                            .encodeToString(c.refreshToken().getBytes()).replaceAll("=+$", ""));
        }
        assertThat(stored).contains("[redacted]").hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void aProviderAnswerLargerThanOneMebibyteIsNotRead() {
        Expired c = expired("client_secret_basic");
        endpoint.mode.set(TestTokenEndpoint.Mode.HUGE_200);
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503);
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("reason", equalTo("response_too_large"));
    }

    @Test
    void aProviderWithoutExpiresInGetsTheDefaultLifetime() {
        Expired c = expired("client_secret_basic");
        endpoint.expiresIn = null;
        int expiresIn = as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(200)
                .extract().path("expires_in");
        assertThat(expiresIn).isBetween(3500, 3600);
    }

    @Test
    void theSchedulerRefreshesWhatIsAboutToExpireOnce() {
        String user = Api.newUser();
        String provider = Api.newTestEndpointProvider("client_secret_basic", false);
        String refresh = endpoint.issueRefreshToken();
        String id = Api.newConnection(user, provider, Map.of("expires_in", 20, "refresh_token", refresh));
        String later = Api.newConnection(user, provider, Map.of("expires_in", 7200,
                "refresh_token", endpoint.issueRefreshToken()));
        int before = endpoint.refreshCalls.get();
        // two rounds at once, as two replicas would run them
        var a = scheduler.runOnce().subscribeAsCompletionStage();
        var b = scheduler.runOnce().subscribeAsCompletionStage();
        a.join();
        b.join();
        as(user).get("/v1/connections/" + id + "/status").then().body("status", equalTo("VALID"))
                .body("last_refreshed_at", notNullValue());
        as(user).get("/v1/connections/" + later + "/status").then().body("last_refreshed_at", nullValue());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count(
                "SELECT count(*) FROM audit_events WHERE action = 'token.refresh' AND connection_id = '" + id + "'") >= 1);
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE action = 'token.refresh' AND connection_id = '"
                + id + "'")).isEqualTo(1);
        assertThat(endpoint.presented(refresh)).isEqualTo(1); // one upstream call for it (other tests' rows may be due too)
        assertThat(endpoint.refreshCalls.get() - before).isGreaterThanOrEqualTo(1);
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    @Test
    void deleteRevokesAtTheProviderBestEffort() {
        Expired c = expired("client_secret_basic");
        as(c.user()).delete("/v1/connections/" + c.id()).then().statusCode(204);
        assertThat(endpoint.revoked).contains(c.refreshToken());
        as(c.user()).get("/v1/audit?action=token.revoke_upstream&connection_id=" + c.id()).then()
                .body("items[0].outcome", equalTo("success"));

        Expired d = expired("client_secret_basic");
        endpoint.revocationFails = true;
        as(d.user()).delete("/v1/connections/" + d.id()).then().statusCode(204);
        as(d.user()).get("/v1/connections/" + d.id()).then().statusCode(404);
        as(d.user()).get("/v1/audit?action=token.revoke_upstream&connection_id=" + d.id()).then()
                .body("items[0].outcome", equalTo("failure"));
    }

    @Test
    void aDatabaseOutageBetweenTheProviderAnswerAndTheWriteLosesNothing() throws Exception {
        String jdbcUrl = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String adminUrl = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
        String user = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.username", String.class)
                .orElse("postgres");
        String password = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class)
                .orElse("");
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password); Statement st = admin.createStatement();
                var rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            Assumptions.assumeTrue(rs.getBoolean(1), "needs a superuser to take the database away");
        }
        Expired c = expired("client_secret_basic");
        endpoint.beforeAnswer = () -> {
            try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
                    Statement st = admin.createStatement()) {
                st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                new Thread(() -> {
                    try {
                        Thread.sleep(3000);
                        try (Connection again = DriverManager.getConnection(adminUrl, user, password);
                                Statement st2 = again.createStatement()) {
                            st2.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        // the first caller may be refused (its audit record cannot be written while the database is away)
        as(c.user()).get("/v1/connections/" + c.id() + "/token");
        endpoint.beforeAnswer = null;
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                as(c.user()).get("/v1/connections/" + c.id() + "/status").then().statusCode(200)
                        .body("status", equalTo("VALID")).body("last_refreshed_at", notNullValue()));
        int calls = endpoint.refreshCalls.get();
        String token = as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(200)
                .extract().path("access_token");
        assertThat(endpoint.refreshCalls.get()).isEqualTo(calls); // served the persisted pair
        // the rotated refresh token was persisted: the next refresh uses it successfully
        as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then().statusCode(200)
                .body("access_token", org.hamcrest.Matchers.not(equalTo(token)));
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }
}
