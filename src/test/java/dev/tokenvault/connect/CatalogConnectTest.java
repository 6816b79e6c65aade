package dev.tokenvault.connect;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import dev.tokenvault.TestTokenEndpoint.Style;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The connect flow of providers made from catalog entries, against the in-process OAuth server. */
@QuarkusTest
class CatalogConnectTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @AfterEach
    void reset() {
        endpoint.reset();
    }

    /** A provider from {@code template} with the in-process server's endpoints and client. */
    static String fromTemplate(String template, Object... more) {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        String name = Api.unique(template);
        Map<String, Object> body = new HashMap<>(Map.of("template", template, "name", name,
                "token_url", endpoint.tokenUrl(), "authorize_url", endpoint.authorizeUrl(),
                "client_id", TestTokenEndpoint.CLIENT_ID, "client_secret", TestTokenEndpoint.CLIENT_SECRET));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        as(Api.adminToken()).contentType(ContentType.JSON).body(body).when().post("/v1/providers").then().statusCode(201);
        return name;
    }

    /** Runs the flow for a new account; answers the connection's detail. */
    static JsonPath connect(String user, String provider, String extraCallbackQuery) {
        ConnectFlowTest.Started started = ConnectFlowTest.start(user, provider, Map.of());
        String redirect = TestTokenEndpoint.get().approve(started.authorizeUrl(), Api.unique("acct")) + extraCallbackQuery;
        String id = ConnectFlowTest.finishAs(user, redirect).then().statusCode(200).body("created", equalTo(true))
                .extract().path("connection_id");
        return as(user).get("/v1/connections/" + id).then().statusCode(200).extract().jsonPath();
    }

    static long secondsUntil(String instant) {
        return Duration.between(Instant.now(), Instant.parse(instant)).toSeconds();
    }

    @Test
    void googleFromTheCatalogAsksForOfflineAccessAndRefreshesAgainstTheLocalEndpoint() {
        String user = Api.newUser();
        String provider = fromTemplate("google");
        ConnectFlowTest.Started started = ConnectFlowTest.start(user, provider, Map.of());
        Map<String, String> query = TestTokenEndpoint.query(started.authorizeUrl());
        assertThat(query).containsEntry("access_type", "offline").containsEntry("prompt", "consent")
                .containsEntry("scope", "openid email").containsEntry("client_id", TestTokenEndpoint.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256");
        endpoint.style = Style.GOOGLE;
        String id = ConnectFlowTest.finishAs(user, endpoint.approve(started.authorizeUrl(), Api.unique("acct")))
                .then().statusCode(200).extract().path("connection_id");
        JsonPath detail = as(user).get("/v1/connections/" + id).then().statusCode(200)
                .body("status", equalTo("VALID")).extract().jsonPath();
        // Google: a refresh token unused for six months dies
        assertThat(secondsUntil(detail.getString("reauth_due_at"))).isCloseTo(15_552_000L, within(10L));
        String first = as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).extract().path("access_token");
        String refreshed = as(user).get("/v1/connections/" + id + "/token?force_refresh=true").then().statusCode(200)
                .extract().path("access_token");
        assertThat(refreshed).isNotEqualTo(first).startsWith("tvtest-at-");
        as(user).get("/v1/connections/" + id + "/token?force_refresh=true").then().statusCode(200); // refresh token kept
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    @Test
    void slackJoinsScopesWithCommasAndConnectsTheUserToken() {
        String user = Api.newUser();
        String provider = fromTemplate("slack", "scopes", List.of("channels:read", "chat:write"),
                "authorize_params", Map.of("user_scope", "chat:write"));
        ConnectFlowTest.Started started = ConnectFlowTest.start(user, provider, Map.of());
        assertThat(TestTokenEndpoint.query(started.authorizeUrl())).containsEntry("scope", "channels:read,chat:write")
                .containsEntry("user_scope", "chat:write");
        endpoint.style = Style.SLACK_V2;
        String id = ConnectFlowTest.finishAs(user, endpoint.approve(started.authorizeUrl(), Api.unique("acct")))
                .then().statusCode(200).extract().path("connection_id");
        as(user).get("/v1/connections/" + id).then().body("metadata.team.id", equalTo("T9TK3CUKW"));
        String token = as(user).get("/v1/connections/" + id + "/token").then().statusCode(200)
                .body("expires_in", org.hamcrest.Matchers.greaterThan(43000)).extract().path("access_token");
        assertThat(token).startsWith("tvtest-at-"); // authed_user's token, not the bot's tvtest-bot-
    }

    @Test
    void quickbooksKeepsTheRealmIdFromTheCallbackAndTheGrantsFiveYears() {
        String user = Api.newUser();
        String provider = fromTemplate("quickbooks");
        endpoint.style = Style.QUICKBOOKS;
        JsonPath detail = connect(user, provider, "&realmId=9130354671423541&tvtest_other=ignored");
        assertThat(detail.getString("metadata.realmId")).isEqualTo("9130354671423541");
        assertThat(detail.getMap("metadata")).doesNotContainKey("tvtest_other").doesNotContainKey("code")
                .doesNotContainKey("state");
        assertThat(secondsUntil(detail.getString("reauth_due_at"))).isCloseTo(8_726_400L, within(10L));
        String id = detail.getString("id");
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + id + "' AND grant_expires_at "
                + "BETWEEN now() + interval '1824 days' AND now() + interval '1826 days'")).isEqualTo(1);
    }

    @Test
    void aGithubOAuthAppTokenAnsweredFormEncodedWithoutExpiryNeverExpires() {
        String user = Api.newUser();
        String provider = fromTemplate("github", "scopes", List.of("repo"));
        endpoint.style = Style.GITHUB_OAUTH_APP;
        JsonPath detail = connect(user, provider, "");
        String id = detail.getString("id");
        assertThat(detail.getString("status")).isEqualTo("VALID");
        assertThat(detail.getString("expires_at")).isNull();
        assertThat(detail.getString("reauth_due_at")).isNull();
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).body("expires_in", nullValue())
                .body("token_type", equalTo("Bearer")).body("scopes", equalTo(List.of("repo")));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + id + "' AND refresh_token IS NULL"))
                .isEqualTo(1);
    }
}
