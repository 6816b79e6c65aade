package dev.tokenvault.connect;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import dev.tokenvault.platform.RandomTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
public class ConnectFlowTest {

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @AfterEach
    void resetEndpoint() {
        endpoint.reset();
    }

    /** A provider backed by the test endpoint, with an authorize URL so it offers the connect flow. */
    public static String connectProvider() {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        String name = Api.unique("conn");
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "token_url", endpoint.tokenUrl(),
                "authorize_url", endpoint.authorizeUrl(), "revocation_url", endpoint.revocationUrl(),
                "client_id", TestTokenEndpoint.CLIENT_ID, "client_secret", TestTokenEndpoint.CLIENT_SECRET,
                "auth_method", "client_secret_basic", "scopes", List.of("read", "write")));
        as(Api.adminToken()).contentType(ContentType.JSON).body(body).when().post("/v1/providers").then().statusCode(201);
        return name;
    }

    record Started(String authorizeUrl, String binding) {
    }

    static Started start(String token, String provider, Map<String, Object> body) {
        Response response = as(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/connect/" + provider)
                .then().statusCode(200).header("Cache-Control", "no-store").extract().response();
        return new Started(response.path("authorize_url"), response.cookie(BrowserBinding.NAME));
    }

    /** The path and query of the provider's redirect back to us. */
    static String callback(String redirect) {
        URI uri = URI.create(redirect);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    static Response finishAs(String token, String redirect) {
        return as(token).accept(ContentType.JSON).redirects().follow(false).when().get(callback(redirect));
    }

    @Test
    void connectsWithPkceThenUpdatesTheSameConnection() {
        String user = Api.newUser();
        String provider = connectProvider();
        Started started = start(user, provider, Map.of());
        Map<String, String> query = TestTokenEndpoint.query(started.authorizeUrl());
        assertThat(started.authorizeUrl()).startsWith(endpoint.authorizeUrl() + "?");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", TestTokenEndpoint.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "read write");
        assertThat(query.get("redirect_uri")).endsWith("/v1/oauth/callback");
        assertThat(query.get("state")).hasSize(43);
        assertThat(query.get("code_challenge")).hasSize(43);
        assertThat(started.binding()).isNotBlank();

        String account = Api.unique("octocat");
        String id = finishAs(user, endpoint.approve(started.authorizeUrl(), account)).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("created", equalTo(true)).body("external_account", equalTo(account)).body("provider", equalTo(provider))
                .extract().path("connection_id");
        as(user).when().get("/v1/connections/" + id).then().statusCode(200).body("status", equalTo("VALID"))
                .body("external_account", equalTo(account));
        as(user).when().get("/v1/connections/" + id + "/token").then().statusCode(200)
                .body("access_token", containsString("tvtest-at-"));

        // a second flow for the same account updates that connection: no duplicate
        Started again = start(user, provider, Map.of());
        finishAs(user, endpoint.approve(again.authorizeUrl(), account)).then().statusCode(200)
                .body("created", equalTo(false)).body("connection_id", equalTo(id));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isEqualTo(1);
        assertThat(Api.count("SELECT version FROM connections WHERE id = '" + id + "'")).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE connection_id = '" + id
                + "' AND action IN ('connection.create', 'connection.reconnect') AND outcome = 'success'")).isEqualTo(2);
    }

    @Test
    void stateIsSingleUse() {
        String user = Api.newUser();
        String provider = connectProvider();
        Started started = start(user, provider, Map.of());
        String redirect = endpoint.approve(started.authorizeUrl(), Api.unique("acct"));
        finishAs(user, redirect).then().statusCode(200);
        finishAs(user, redirect).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_state"));
        assertThat(Api.count("SELECT count(*) FROM connect_flows WHERE provider = '" + provider + "'")).isZero();
    }

    @Test
    void unknownStateIsRefusedWithAPageOrProblem() {
        String user = Api.newUser();
        finishAs(user, "http://x/v1/oauth/callback?code=abc&state=" + RandomTokens.random()).then().statusCode(400)
                .body("code", equalTo("invalid_state"));
        given().accept(ContentType.HTML).when().get("/v1/oauth/callback?code=abc&state=junk")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("unknown or was already used"));
        given().accept(ContentType.JSON).when().get("/v1/oauth/callback?code=abc")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void expiredStateIsRefused() {
        String user = Api.newUser();
        String provider = connectProvider();
        Started started = start(user, provider, Map.of());
        Api.execute("UPDATE connect_flows SET expires_at = now() - interval '1 minute' WHERE provider = '" + provider + "'");
        finishAs(user, endpoint.approve(started.authorizeUrl(), "acct")).then().statusCode(400)
                .body("code", equalTo("state_expired"));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isZero();
    }

    @Test
    void anotherUserCannotFinishTheFlowButTheStartingBrowserCan() {
        String alice = Api.newUser();
        String mallory = Api.newUser();
        String provider = connectProvider();
        Started started = start(alice, provider, Map.of());
        String redirect = endpoint.approve(started.authorizeUrl(), Api.unique("acct"));
        finishAs(mallory, redirect).then().statusCode(403).body("code", equalTo("forbidden"));
        // a browser without the binding cookie (and without a session) is refused too
        given().accept(ContentType.JSON).when().get(callback(redirect)).then().statusCode(403);
        given().accept(ContentType.JSON).cookie(BrowserBinding.NAME, RandomTokens.random()).when().get(callback(redirect))
                .then().statusCode(403);
        // the refusals did not use up the state: the browser that started the flow finishes it (no session needed)
        given().accept(ContentType.JSON).cookie(BrowserBinding.NAME, started.binding()).when().get(callback(redirect))
                .then().statusCode(200).body("created", equalTo(true));
        assertThat(Api.count("SELECT count(*) FROM connections c JOIN users u ON u.id = c.owner_id WHERE c.provider = '"
                + provider + "'")).isEqualTo(1);
    }

    @Test
    void deniedConsentThroughTheConsentPage() {
        String user = Api.newUser();
        String provider = connectProvider();
        Started started = start(user, provider, Map.of("return_to", "/ui/connections"));
        String page = given().urlEncodingEnabled(false).redirects().follow(false).when().get(started.authorizeUrl())
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("<form", "name=\"decision\"", "Deny");
        String request = page.replaceAll("(?s).*name=\"request\" value=\"([^\"]+)\".*", "$1");
        String redirect = given().redirects().follow(false).formParam("request", request).formParam("decision", "deny")
                .when().post(endpoint.authorizeUrl()).then().statusCode(302).extract().header("Location");
        assertThat(redirect).contains("error=access_denied");
        given().accept(ContentType.HTML).cookie(BrowserBinding.NAME, started.binding()).redirects().follow(false)
                .when().get(callback(redirect))
                .then().statusCode(400).contentType(containsString("text/html")).body(containsString("not granted"));
        finishAs(user, redirect).then().statusCode(400).body("code", equalTo("invalid_state")); // the flow is over
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE provider = '" + provider
                + "' AND action = 'connection.create' AND outcome = 'denied' AND error_code = 'access_denied'")).isEqualTo(1);
    }

    @Test
    void providerErrorsAreReportedWithoutStoringAnything() {
        String user = Api.newUser();
        String provider = connectProvider();
        endpoint.codeGrantError = "invalid_client";
        Started started = start(user, provider, Map.of());
        finishAs(user, endpoint.approve(started.authorizeUrl(), "acct")).then().statusCode(502)
                .contentType("application/problem+json").body("code", equalTo("provider_error"))
                .body("detail", containsString("invalid_client"));
        endpoint.codeGrantError = "503";
        Started again = start(user, provider, Map.of());
        finishAs(user, endpoint.approve(again.authorizeUrl(), "acct")).then().statusCode(503)
                .body("code", equalTo("provider_unavailable"));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isZero();
    }

    @Test
    void theProviderChecksThePkceVerifier() {
        String user = Api.newUser();
        String provider = connectProvider();
        Started started = start(user, provider, Map.of());
        String challenge = TestTokenEndpoint.query(started.authorizeUrl()).get("code_challenge");
        // an attacker's authorization (another challenge) cannot be finished with this flow's verifier
        String forged = started.authorizeUrl().replace(challenge, TestTokenEndpoint.s256(RandomTokens.random()));
        int before = endpoint.pkceFailures.get();
        finishAs(user, endpoint.approve(forged, "acct")).then().statusCode(502).body("code", equalTo("provider_error"));
        assertThat(endpoint.pkceFailures.get()).isEqualTo(before + 1);
    }

    @Test
    void needsReauthIsRepairedByReconnecting() {
        String user = Api.newUser();
        String provider = connectProvider();
        String account = Api.unique("acct");
        String id = finishAs(user, endpoint.approve(start(user, provider, Map.of()).authorizeUrl(), account))
                .then().statusCode(200).extract().path("connection_id");
        Api.execute("UPDATE connections SET state = 'NEEDS_REAUTH', state_reason = 'invalid_grant', "
                + "expires_at = now() - interval '1 minute' WHERE id = '" + id + "'");
        as(user).when().get("/v1/connections/" + id + "/status").then().body("status", equalTo("NEEDS_REAUTH"));
        as(user).when().get("/v1/connections/" + id + "/token").then().statusCode(409).body("code", equalTo("needs_reauth"));
        long version = Api.count("SELECT version FROM connections WHERE id = '" + id + "'");

        // "Reconnect" names the account, whatever the provider says
        Started reconnect = start(user, provider, Map.of("external_account", account));
        finishAs(user, endpoint.approve(reconnect.authorizeUrl(), null)).then().statusCode(200)
                .body("created", equalTo(false)).body("connection_id", equalTo(id));
        as(user).when().get("/v1/connections/" + id + "/status").then().body("status", equalTo("VALID"));
        as(user).when().get("/v1/connections/" + id + "/token").then().statusCode(200);
        assertThat(Api.count("SELECT version FROM connections WHERE id = '" + id + "'")).isEqualTo(version + 1);
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE connection_id = '" + id
                + "' AND action = 'connection.reconnect'")).isEqualTo(1);
    }

    @Test
    void returnToMustBeAPathOnThisService() {
        String user = Api.newUser();
        String provider = connectProvider();
        for (String bad : List.of("https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "ui/connections", "/ok\r\nSet-Cookie: x=y")) {
            as(user).contentType(ContentType.JSON).body(Map.of("return_to", bad)).when().post("/v1/connect/" + provider)
                    .then().statusCode(400).body("code", equalTo("invalid_request"));
        }
        Started started = start(user, provider, Map.of("return_to", "/ui/connections?from=connect"));
        finishAs(user, endpoint.approve(started.authorizeUrl(), "acct")).then().statusCode(303)
                .header("Location", equalTo("/ui/connections?from=connect"));
    }

    @Test
    void unknownProviderOrNoAuthorizeUrlIsRefused() {
        String user = Api.newUser();
        as(user).contentType(ContentType.JSON).body(Map.of()).when().post("/v1/connect/no-such-provider")
                .then().statusCode(404);
        as(user).contentType(ContentType.JSON).body(Map.of()).when().post("/v1/connect/" + Api.newProvider())
                .then().statusCode(400).body("detail", containsString("authorize_url"));
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/v1/connect/x").then().statusCode(401);
    }
}
