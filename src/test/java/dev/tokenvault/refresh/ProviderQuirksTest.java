package dev.tokenvault.refresh;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import dev.tokenvault.TestTokenEndpoint.Style;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Each quirk of the provider catalog against the local token endpoint answering exactly as the provider documents
 * ({@link Style}), through a provider made from the provider's catalog entry and pointed at that endpoint.
 */
@QuarkusTest
class ProviderQuirksTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @Inject
    ProactiveRefresher scheduler;

    @AfterEach
    void reset() {
        endpoint.reset();
    }

    /** A provider from the catalog entry {@code template}, its endpoints those of the local token endpoint. */
    static String fromTemplate(String template, Object... more) {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        String name = Api.unique(template);
        Map<String, Object> body = new HashMap<>(Map.of("template", template, "name", name,
                "token_url", endpoint.tokenUrl(), "authorize_url", endpoint.authorizeUrl(),
                "revocation_url", endpoint.revocationUrl(), "client_id", TestTokenEndpoint.CLIENT_ID,
                "client_secret", TestTokenEndpoint.CLIENT_SECRET));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        as(Api.adminToken()).contentType(ContentType.JSON).body(body).when().post("/v1/providers").then()
                .statusCode(201).body("template", equalTo(template));
        return name;
    }

    record Expired(String user, String id, String refreshToken) {
    }

    Expired expired(String template) {
        String user = Api.newUser();
        String refresh = endpoint.issueRefreshToken();
        String id = Api.newConnection(user, fromTemplate(template), Map.of("refresh_token", refresh,
                "expires_at", Instant.now().minusSeconds(30).toString()));
        return new Expired(user, id, refresh);
    }

    static JsonPath token(Expired c, boolean force) {
        return as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=" + force).then().statusCode(200)
                .extract().jsonPath();
    }

    static JsonPath connection(Expired c) {
        return as(c.user()).get("/v1/connections/" + c.id()).then().statusCode(200).extract().jsonPath();
    }

    static long secondsUntil(String instant) {
        return Duration.between(Instant.now(), Instant.parse(instant)).toSeconds();
    }

    // ------------------------------------------------------------------------------------------ expiry

    @Test
    void expiresInGivenAsAString() {
        endpoint.style = Style.STRING_EXPIRES_IN;
        Expired c = expired("dropbox");
        assertThat(token(c, false).getInt("expires_in")).isBetween(3590, 3600);
    }

    @Test
    void noExpiresInAndNoKnownLifetimeMeansNoExpiryNeverExpired() {
        endpoint.expiresIn = null;
        Expired c = expired("github");
        JsonPath token = token(c, false);
        assertThat(token.getString("access_token")).startsWith("tvtest-at-");
        assertThat(token.getString("expires_at")).isNull();
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("VALID"))
                .body("expires_at", nullValue());
        int calls = endpoint.refreshCalls.get();
        token(c, false);
        assertThat(endpoint.refreshCalls.get()).isEqualTo(calls); // served, not refreshed again
    }

    @Test
    void noExpiresInTakesTheEntrysKnownLifetime() {
        endpoint.expiresIn = null;
        Expired c = expired("xero"); // access tokens last 30 minutes
        assertThat(token(c, false).getInt("expires_in")).isBetween(1790, 1800);
    }

    @Test
    void salesforceIssuedAtInMillisecondsAndInstanceUrlKept() {
        endpoint.style = Style.SALESFORCE;
        Expired c = expired("salesforce");
        JsonPath first = token(c, false);
        assertThat(first.getInt("expires_in")).isBetween(7190, 7200); // from issued_at + the entry's 7200 s
        JsonPath detail = connection(c);
        assertThat(detail.getString("metadata.instance_url")).isEqualTo("https://acme.my.salesforce.com");
        assertThat(detail.getString("metadata.id")).startsWith("https://login.salesforce.com/id/");
        assertThat(detail.prettify()).doesNotContain("tvtest-").doesNotContain("signature");
        // the answer had no refresh token: the stored one (not rotated) keeps working
        token(c, true);
        assertThat(endpoint.presented(c.refreshToken())).isEqualTo(2);
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    // ------------------------------------------------------------------------------ errors with HTTP 200

    @Test
    void githubsBadRefreshTokenSentWithHttp200NeedsReauth() {
        endpoint.style = Style.GITHUB_APP;
        endpoint.mode.set(TestTokenEndpoint.Mode.INVALID_GRANT_ALL);
        Expired c = expired("github-app");
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(409)
                .body("code", equalTo("needs_reauth"));
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("NEEDS_REAUTH"))
                .body("reason", equalTo("bad_refresh_token"));
        int calls = endpoint.refreshCalls.get();
        endpoint.mode.set(TestTokenEndpoint.Mode.NORMAL);
        as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then().statusCode(409);
        assertThat(endpoint.refreshCalls.get()).isEqualTo(calls); // no further upstream call
    }

    @Test
    void slacksInvalidRefreshTokenSentWithHttp200NeedsReauth() {
        endpoint.style = Style.SLACK_V2;
        endpoint.mode.set(TestTokenEndpoint.Mode.INVALID_GRANT_ALL);
        Expired c = expired("slack");
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(409)
                .body("code", equalTo("needs_reauth"));
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("status", equalTo("NEEDS_REAUTH"))
                .body("reason", equalTo("invalid_refresh_token"));
    }

    @Test
    void anErrorSentWithHttp200IsNeverTakenForTokensAndWhatItEchoesIsScrubbed() throws Exception {
        endpoint.style = Style.GITHUB_APP;
        endpoint.mode.set(TestTokenEndpoint.Mode.ECHO_400); // sent as HTTP 200 in GitHub's style
        Expired c = expired("github-app");
        as(c.user()).get("/v1/connections/" + c.id() + "/token").then().statusCode(503);
        String status = as(c.user()).get("/v1/connections/" + c.id() + "/status").then()
                .body("status", equalTo("ERROR")).body("reason", equalTo("invalid_request")).extract().asString();
        String stored;
        try (var db = Api.jdbc(); var st = db.createStatement(); var rs = st.executeQuery(
                "SELECT state_message FROM connections WHERE id = '" + c.id() + "'")) {
            rs.next();
            stored = rs.getString(1);
        }
        String basic = java.util.Base64.getEncoder().encodeToString(
                (TestTokenEndpoint.CLIENT_ID + ":" + TestTokenEndpoint.CLIENT_SECRET).getBytes());
        for (String text : List.of(status, stored)) {
            assertThat(text).doesNotContain(c.refreshToken()).doesNotContain(TestTokenEndpoint.CLIENT_SECRET)
                    .doesNotContain(basic).doesNotContain(java.util.Base64.getEncoder()
                            .encodeToString(c.refreshToken().getBytes()).replaceAll("=+$", ""));
        }
        assertThat(stored).contains("[redacted]").hasSizeLessThanOrEqualTo(200);
        assertThat(endpoint.isUsable(c.refreshToken())).isTrue(); // it was refused, not used
    }

    // ---------------------------------------------------------------------------------- answer shapes

    @Test
    void formEncodedAnswersAndErrors() {
        endpoint.style = Style.GITHUB_APP_FORM;
        Expired c = expired("github-app");
        JsonPath token = token(c, false);
        assertThat(token.getString("access_token")).startsWith("tvtest-at-");
        assertThat(token.getString("token_type")).isEqualTo("Bearer");
        assertThat(token.getInt("expires_in")).isBetween(28790, 28800);
        assertThat(secondsUntil(connection(c).getString("reauth_due_at"))).isCloseTo(15_724_800L, within(10L));
        assertThat(endpoint.isUsable(c.refreshToken())).isFalse(); // rotated...
        token(c, true); // ...and the new one, read from the form, works
        assertThat(endpoint.reuseRefusals.get()).isZero();

        endpoint.mode.set(TestTokenEndpoint.Mode.INVALID_GRANT_ALL); // a form-encoded error with HTTP 200
        as(c.user()).get("/v1/connections/" + c.id() + "/token?force_refresh=true").then().statusCode(409);
        as(c.user()).get("/v1/connections/" + c.id() + "/status").then().body("reason", equalTo("bad_refresh_token"));
    }

    @Test
    void slacksUserTokenIsReadFromAuthedUserAndTheTeamKept() {
        endpoint.style = Style.SLACK_V2;
        Expired c = expired("slack");
        JsonPath token = token(c, false);
        assertThat(token.getString("access_token")).startsWith("tvtest-at-"); // the user's, not the bot's
        assertThat(token.getString("token_type")).isEqualTo("Bearer");
        assertThat(token.getInt("expires_in")).isBetween(43190, 43200);
        JsonPath detail = connection(c);
        assertThat(detail.getString("metadata.team.id")).isEqualTo("T9TK3CUKW");
        assertThat(detail.getString("metadata.team.name")).isEqualTo("Slack Softball Team");
        assertThat(detail.getString("metadata.app_id")).isEqualTo("A0KRD7HC3");
        assertThat(detail.prettify()).doesNotContain("tvtest-");
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + c.id()
                + "' AND metadata::text LIKE '%tvtest-%'")).isZero(); // the bot token is stored nowhere
        token(c, true); // rotated refresh token read from authed_user
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    // -------------------------------------------------------------------------------- refresh tokens

    @Test
    void aRefreshAnswerWithoutRefreshTokenKeepsTheStoredOne() {
        endpoint.style = Style.GOOGLE;
        Expired c = expired("google");
        String first = token(c, false).getString("access_token");
        String second = token(c, true).getString("access_token");
        assertThat(first).isNotEqualTo(second);
        assertThat(endpoint.presented(c.refreshToken())).isEqualTo(2);
        assertThat(endpoint.isUsable(c.refreshToken())).isTrue();
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + c.id()
                + "' AND refresh_token IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void rotatingProvidersStoreTheNewRefreshTokenAndTheWindowStartsAgain() {
        Expired c = expired("xero");
        token(c, false);
        assertThat(endpoint.isUsable(c.refreshToken())).isFalse();
        token(c, true);
        token(c, true);
        assertThat(endpoint.reuseRefusals.get()).isZero();
        // Xero: an unused refresh token dies after 60 days, and each refresh issues a new one
        assertThat(secondsUntil(connection(c).getString("reauth_due_at"))).isCloseTo(60L * 86_400, within(10L));
    }

    @Test
    void quickbooksTellsTheRefreshTokensLifeInXRefreshTokenExpiresIn() {
        endpoint.style = Style.QUICKBOOKS;
        Expired c = expired("quickbooks");
        token(c, false);
        assertThat(secondsUntil(connection(c).getString("reauth_due_at"))).isCloseTo(8_726_400L, within(10L));
        as(c.user()).get("/v1/connections").then().statusCode(200)
                .body("items.find { it.id == '" + c.id() + "' }.reauth_due_at", startsWith("20"));
    }

    @Test
    void theGrantsEndCapsTheRefreshTokensLife() {
        Expired c = expired("atlassian"); // 90 days of inactivity, 365 days from consent at most
        Instant grantEnd = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api.execute("UPDATE connections SET grant_expires_at = '" + grantEnd + "' WHERE id = '" + c.id() + "'");
        token(c, false);
        assertThat(Instant.parse(connection(c).getString("reauth_due_at"))).isEqualTo(grantEnd);
    }

    @Test
    void theSchedulerKeepsInactivityWindowsFromLapsing() {
        String user = Api.newUser();
        String provider = fromTemplate("xero"); // a refresh token unused for 60 days dies
        String idle = endpoint.issueRefreshToken();
        String busy = endpoint.issueRefreshToken();
        String idleId = Api.newConnection(user, provider, Map.of("refresh_token", idle, "expires_in", 86_400));
        String busyId = Api.newConnection(user, provider, Map.of("refresh_token", busy, "expires_in", 86_400));
        Api.execute("UPDATE connections SET last_refreshed_at = now() - interval '31 days' WHERE id = '" + idleId + "'");
        Api.execute("UPDATE connections SET last_refreshed_at = now() - interval '1 day' WHERE id = '" + busyId + "'");
        scheduler.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(endpoint.presented(idle)).isEqualTo(1);
        assertThat(endpoint.presented(busy)).isZero();
        Expired refreshed = new Expired(user, idleId, idle);
        assertThat(secondsUntil(connection(refreshed).getString("reauth_due_at"))).isCloseTo(60L * 86_400, within(10L));
    }
}
