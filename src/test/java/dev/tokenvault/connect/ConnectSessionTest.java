package dev.tokenvault.connect;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import dev.tokenvault.TestTokenEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Connect sessions: an application's end user, who has no account here, connects their account through a link,
 * against the in-process OAuth server, and the browser goes back to the application.
 */
@QuarkusTest
class ConnectSessionTest {

    static final String RETURN = "https://app.example.com/connected";

    final TestTokenEndpoint endpoint = TestTokenEndpoint.get();

    @AfterEach
    void resetEndpoint() {
        endpoint.reset();
    }

    record App(Person owner, String project, String provider, String connectKey, String readKey) {
    }

    static App app() {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("display_name", "Acme Books",
                "allowed_return_urls", List.of(RETURN + "*"))).patch("/v1/projects/" + project).then().statusCode(200);
        return new App(owner, project, ConnectFlowTest.connectProvider(),
                Api.newProjectKey(owner.token(), project, Map.of("permissions", List.of("connect"))),
                Api.newProjectKey(owner.token(), project, Map.of()));
    }

    static Response newSession(App app, Map<String, Object> body) {
        return as(app.connectKey()).contentType(ContentType.JSON).body(body)
                .post("/v1/projects/" + app.project() + "/connect-sessions");
    }

    record Page(String path, String nonce, String cookie) {
    }

    /** The end user opens the link: the page, its form's nonce and the page cookie. */
    static Page open(String connectUrl) {
        String path = URI.create(connectUrl).getRawPath();
        Response page = given().accept(ContentType.HTML).get(path).then().statusCode(200)
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY").extract().response();
        String nonce = page.asString().replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1");
        return new Page(path, nonce, page.cookie(ConnectSessionPage.PAGE_COOKIE));
    }

    /** The end user presses "Continue": the browser goes to the provider; the binding cookie is set. */
    static Response proceed(Page page) {
        return given().redirects().follow(false).cookie(ConnectSessionPage.PAGE_COOKIE, page.cookie())
                .contentType(ContentType.URLENC).formParam("nonce", page.nonce()).post(page.path());
    }

    static Response callback(String redirect, String binding) {
        URI uri = URI.create(redirect);
        return given().redirects().follow(false).accept(ContentType.HTML).cookie(BrowserBinding.NAME, binding)
                .get(uri.getRawPath() + "?" + uri.getRawQuery());
    }

    @Test
    void anEndUserConnectsThroughALinkAndTheApplicationReadsTheTokenByItsOwnKey() {
        App app = app();
        Response created = newSession(app, Map.of("provider", app.provider(), "subject", "company-42", "return_to",
                RETURN + "?step=2")).then().statusCode(201).header("Cache-Control", "no-store")
                .body("expires_at", notNullValue()).extract().response();
        String sessionId = created.path("id");
        String connectUrl = created.path("connect_url");
        assertThat(connectUrl).contains("/connect/");
        as(app.connectKey()).get("/v1/projects/" + app.project() + "/connect-sessions/" + sessionId).then()
                .statusCode(200).body("status", equalTo("pending"));

        Page page = open(connectUrl);
        assertThat(given().get(page.path()).asString()).contains("Acme Books", app.provider());
        Response toProvider = proceed(page);
        assertThat(toProvider.statusCode()).isEqualTo(303);
        String authorize = toProvider.header("Location");
        assertThat(authorize).startsWith(endpoint.authorizeUrl() + "?");
        assertThat(TestTokenEndpoint.query(authorize)).containsEntry("code_challenge_method", "S256");

        String account = Api.unique("realm");
        Response back = callback(endpoint.approve(authorize, account), toProvider.cookie(BrowserBinding.NAME));
        assertThat(back.statusCode()).isEqualTo(303);
        String location = back.header("Location");
        assertThat(location).startsWith(RETURN + "?step=2&connection_id=").endsWith("&status=connected");
        String connectionId = location.replaceAll(".*connection_id=([0-9a-f-]{36}).*", "$1");

        as(app.readKey()).get("/v1/projects/" + app.project() + "/tokens/" + app.provider() + "?subject=company-42")
                .then().statusCode(200).body("access_token", containsString("tvtest-at-"));
        as(app.owner().token()).get("/v1/connections/" + connectionId).then().statusCode(200)
                .body("subject", equalTo("company-42")).body("external_account", equalTo(account))
                .body("owner", equalTo(null));
        as(app.connectKey()).get("/v1/projects/" + app.project() + "/connect-sessions/" + sessionId).then()
                .statusCode(200).body("status", equalTo("connected")).body("connection_id", equalTo(connectionId));
        // the end user's connection is audited as theirs, in the project
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE connection_id = '" + connectionId
                + "' AND action = 'connection.create' AND actor_kind = 'end_user'")).isEqualTo(1);

        // the link works once
        given().accept(ContentType.HTML).get(page.path()).then().statusCode(410).body(containsString("already used"));
        assertThat(proceed(page).statusCode()).isEqualTo(410);
    }

    @Test
    void aSubjectThatNeedsReauthIsRepairedThroughANewLink() {
        App app = app();
        String id = as(app.owner().token()).contentType(ContentType.JSON).body(Map.of("project", app.project(),
                "provider", app.provider(), "subject", "company-7", "access_token", Api.secret("access")))
                .post("/v1/connections").then().statusCode(201).extract().path("id");
        Api.execute("UPDATE connections SET state = 'NEEDS_REAUTH', state_reason = 'invalid_grant' WHERE id = '" + id + "'");
        String url = newSession(app, Map.of("provider", app.provider(), "subject", "company-7")).then().statusCode(201)
                .extract().path("connect_url");
        Response toProvider = proceed(open(url));
        Response back = callback(endpoint.approve(toProvider.header("Location"), null),
                toProvider.cookie(BrowserBinding.NAME));
        // no return_to: a page says it is done
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.asString()).contains("is connected");
        as(app.readKey()).get("/v1/connections/" + id + "/status").then().body("status", equalTo("VALID"));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE subject = 'company-7' AND project_id = "
                + "(SELECT id FROM projects WHERE name = '" + app.project() + "')")).isEqualTo(1);
    }

    @Test
    void aDeclinedConsentGoesBackToTheApplicationWithTheError() {
        App app = app();
        Response created = newSession(app, Map.of("provider", app.provider(), "subject", "company-9", "return_to",
                RETURN)).then().statusCode(201).extract().response();
        String sessionId = created.path("id");
        String url = created.path("connect_url");
        Response toProvider = proceed(open(url));
        String state = TestTokenEndpoint.query(toProvider.header("Location")).get("state");
        String redirectUri = TestTokenEndpoint.query(toProvider.header("Location")).get("redirect_uri");
        Response back = callback(redirectUri + "?error=access_denied&state=" + state, toProvider.cookie(BrowserBinding.NAME));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.header("Location")).isEqualTo(RETURN + "?status=error&error=access_denied");
        assertThat(Api.count("SELECT count(*) FROM connections WHERE subject = 'company-9'")).isZero();
        as(app.connectKey()).get("/v1/projects/" + app.project() + "/connect-sessions/" + sessionId).then()
                .body("status", equalTo("failed")).body("error", equalTo("access_denied"));
    }

    @Test
    void aLinkIsRefusedWhenItIsUnknownExpiredOrPostedFromElsewhere() {
        App app = app();
        given().accept(ContentType.HTML).get("/connect/" + "x".repeat(43)).then().statusCode(404)
                .contentType(containsString("text/html"));
        given().accept(ContentType.HTML).get("/connect/%00").then().statusCode(org.hamcrest.Matchers.lessThan(500));
        Response created = newSession(app, Map.of("provider", app.provider(), "subject", "company-1")).then()
                .statusCode(201).extract().response();
        Page page = open(created.path("connect_url"));
        // another site posting the form has neither the page cookie nor its nonce
        assertThat(given().redirects().follow(false).contentType(ContentType.URLENC).formParam("nonce", page.nonce())
                .post(page.path()).statusCode()).isEqualTo(403);
        assertThat(given().redirects().follow(false).cookie(ConnectSessionPage.PAGE_COOKIE, page.cookie())
                .contentType(ContentType.URLENC).formParam("nonce", "y".repeat(43)).post(page.path()).statusCode())
                .isEqualTo(403);
        as(app.connectKey()).get("/v1/projects/" + app.project() + "/connect-sessions/" + created.path("id")).then()
                .body("status", equalTo("pending"));
        // expired
        Api.execute("UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE id = '"
                + created.path("id") + "'");
        given().accept(ContentType.HTML).get(page.path()).then().statusCode(410).body(containsString("expired"));
        assertThat(proceed(page).statusCode()).isEqualTo(410);
        as(app.connectKey()).get("/v1/projects/" + app.project() + "/connect-sessions/" + created.path("id")).then()
                .body("status", equalTo("expired"));
    }

    @Test
    void badSessionRequestsAreRefusedAndNoOpenRedirectIsPossible() {
        App app = app();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("provider", app.provider(), "subject", "c", "return_to", "https://evil.test/connected"),
                Map.of("provider", app.provider(), "subject", "c", "return_to", "https://app.example.com.evil.test/connected"),
                Map.of("provider", app.provider(), "subject", "c", "return_to", "/relative"),
                Map.of("provider", app.provider()),
                Map.of("provider", app.provider(), "subject", "line\nbreak"),
                Map.of("provider", "no-such-provider", "subject", "c"),
                Map.of("provider", Api.newProvider(), "subject", "c"), // no authorize_url
                Map.of("provider", app.provider(), "subject", "c", "ttl_seconds", 5),
                Map.of("provider", app.provider(), "subject", "c", "ttl_seconds", "60"))) {
            newSession(app, bad).then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(Api.count("SELECT count(*) FROM connect_sessions WHERE project_id = (SELECT id FROM projects "
                + "WHERE name = '" + app.project() + "')")).isZero();
        // a key without the connect permission, and a stranger
        as(app.readKey()).contentType(ContentType.JSON).body(Map.of("provider", app.provider(), "subject", "c"))
                .post("/v1/projects/" + app.project() + "/connect-sessions").then().statusCode(403);
        as(Api.newUser()).contentType(ContentType.JSON).body(Map.of("provider", app.provider(), "subject", "c"))
                .post("/v1/projects/" + app.project() + "/connect-sessions").then().statusCode(404);
    }
}
