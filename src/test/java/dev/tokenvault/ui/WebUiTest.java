package dev.tokenvault.ui;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.identity.JwtKeys;
import dev.tokenvault.identity.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
class WebUiTest {

    @Inject
    JwtKeys keys;
    @Inject
    dev.tokenvault.identity.TokenIssuer issuer;

    /** A signed-in browser: its session cookie, its CSRF cookie and the CSRF token its pages carry. */
    record Browser(String session, String csrfCookie, String csrf) {
    }

    static Browser signIn(String username, String password) {
        Response loginPage = given().when().get("/ui/login").then().statusCode(200)
                .contentType(containsString("text/html")).extract().response();
        String csrfCookie = loginPage.cookie(WebSession.CSRF_COOKIE);
        Response signedIn = given().redirects().follow(false).cookie(WebSession.CSRF_COOKIE, csrfCookie)
                .formParam("username", username).formParam("password", password)
                .formParam("csrf", hiddenCsrf(loginPage.asString()))
                .when().post("/ui/login").then().statusCode(303).header("Location", endsWith("/ui/connections"))
                .extract().response();
        String session = signedIn.cookie(SessionCookie.NAME);
        String newCsrfCookie = signedIn.cookie(WebSession.CSRF_COOKIE);
        assertThat(newCsrfCookie).isNotEqualTo(csrfCookie); // rotated at sign-in
        String page = given().cookie(SessionCookie.NAME, session).cookie(WebSession.CSRF_COOKIE, newCsrfCookie)
                .when().get("/ui/connections").then().statusCode(200).extract().asString();
        return new Browser(session, newCsrfCookie, hiddenCsrf(page));
    }

    static String hiddenCsrf(String html) {
        return html.replaceAll("(?s).*?name=\"csrf\" value=\"([^\"]*)\".*", "$1");
    }

    static String[] newUserCredentials(String... roles) {
        String username = Api.unique("webuser");
        String password = Api.secret("password");
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("username", username, "password", password,
                "roles", List.of(roles.length == 0 ? new String[] { "user" } : roles)))
                .when().post("/v1/users").then().statusCode(201);
        return new String[] { username, password };
    }

    @Test
    void rootAndPagesSendStrangersToTheSignInPage() {
        given().redirects().follow(false).when().get("/").then().statusCode(303).header("Location", endsWith("/ui/connections"));
        given().redirects().follow(false).when().get("/ui/connections").then().statusCode(303)
                .header("Location", endsWith("/ui/login"));
        given().when().get("/ui/login").then().statusCode(200).body(containsString("<label for=\"username\">"))
                .body(containsString("<label for=\"password\">"));
        given().when().get("/static/ui.css").then().statusCode(200).body(containsString(":focus-visible"));
    }

    @Test
    void signInSetsAStrictHostOnlySessionCookie() {
        String[] user = newUserCredentials();
        Response loginPage = given().when().get("/ui/login").then().extract().response();
        String setCookie = given().redirects().follow(false)
                .cookie(WebSession.CSRF_COOKIE, loginPage.cookie(WebSession.CSRF_COOKIE))
                .formParam("username", user[0]).formParam("password", user[1])
                .formParam("csrf", hiddenCsrf(loginPage.asString()))
                .when().post("/ui/login").then().statusCode(303).extract().headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SessionCookie.NAME + "=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/").doesNotContain("Domain");
    }

    @Test
    void wrongPasswordAndMissingCsrfAreRefused() {
        String[] user = newUserCredentials();
        Response loginPage = given().when().get("/ui/login").then().extract().response();
        String cookie = loginPage.cookie(WebSession.CSRF_COOKIE);
        given().cookie(WebSession.CSRF_COOKIE, cookie).formParam("username", user[0]).formParam("password", user[1])
                .when().post("/ui/login").then().statusCode(403).body(containsString("Form expired"));
        given().cookie(WebSession.CSRF_COOKIE, cookie).formParam("username", user[0]).formParam("password", "wrong-password")
                .formParam("csrf", hiddenCsrf(loginPage.asString()))
                .when().post("/ui/login").then().statusCode(401).body(containsString("Username or password is wrong"))
                .header("Set-Cookie", not(containsString(SessionCookie.NAME + "=ey")));
    }

    @Test
    void revokeNeedsConfirmationAndACsrfToken() {
        String[] user = newUserCredentials();
        Browser browser = signIn(user[0], user[1]);
        String provider = Api.newProvider();
        String id = Api.newConnection(browser.session(), provider, Map.of("external_account", "octocat"));
        given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().get("/ui/connections").then().statusCode(200).body(containsString(provider))
                .body(containsString("octocat")).body(containsString("badge-VALID"));
        String confirm = given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().get("/ui/connections/" + id + "/revoke").then().statusCode(200).extract().asString();
        assertThat(confirm).contains("Revoke " + provider, "action=\"/ui/connections/" + id + "/revoke\"");

        // no token, a wrong token, or another browser's CSRF cookie: refused, nothing deleted
        given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().post("/ui/connections/" + id + "/revoke").then().statusCode(403);
        given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .formParam("csrf", "forged").when().post("/ui/connections/" + id + "/revoke").then().statusCode(403);
        given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, "another-browser")
                .formParam("csrf", browser.csrf()).when().post("/ui/connections/" + id + "/revoke").then().statusCode(403);
        as(browser.session()).when().get("/v1/connections/" + id).then().statusCode(200);

        given().redirects().follow(false).cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).formParam("csrf", hiddenCsrf(confirm))
                .when().post("/ui/connections/" + id + "/revoke").then().statusCode(303)
                .header("Location", containsString("/ui/connections?notice=revoked"));
        as(browser.session()).when().get("/v1/connections/" + id).then().statusCode(404);
    }

    @Test
    void anotherUsersConnectionIsNotFoundAndAdminPagesAreForAdmins() {
        String[] alice = newUserCredentials();
        String[] bob = newUserCredentials();
        Browser a = signIn(alice[0], alice[1]);
        Browser b = signIn(bob[0], bob[1]);
        String id = Api.newConnection(a.session(), Api.newProvider(), Map.of());
        given().cookie(SessionCookie.NAME, b.session()).cookie(WebSession.CSRF_COOKIE, b.csrfCookie())
                .when().get("/ui/connections/" + id).then().statusCode(404);
        given().cookie(SessionCookie.NAME, b.session()).cookie(WebSession.CSRF_COOKIE, b.csrfCookie())
                .when().get("/ui/admin/users").then().statusCode(403);
        Browser admin = signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        given().cookie(SessionCookie.NAME, admin.session()).cookie(WebSession.CSRF_COOKIE, admin.csrfCookie())
                .when().get("/ui/admin/users").then().statusCode(200).body(containsString(alice[0]));
        given().cookie(SessionCookie.NAME, admin.session()).cookie(WebSession.CSRF_COOKIE, admin.csrfCookie())
                .when().get("/ui/admin/providers").then().statusCode(200).body(containsString("Add a provider"));
    }

    @Test
    void logoutRemovesTheCookieAndABadCookieIsRemoved() {
        String[] user = newUserCredentials();
        Browser browser = signIn(user[0], user[1]);
        List<String> cleared = given().redirects().follow(false).cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).formParam("csrf", browser.csrf())
                .when().post("/ui/logout").then().statusCode(303).header("Location", endsWith("/ui/login"))
                .extract().headers().getValues("Set-Cookie");
        assertThat(cleared).anyMatch(c -> c.startsWith(SessionCookie.NAME + "=;") && c.contains("Max-Age=0"));

        List<String> removed = given().redirects().follow(false).cookie(SessionCookie.NAME, "not-a-jwt")
                .when().get("/v1/me").then().statusCode(401).extract().headers().getValues("Set-Cookie");
        assertThat(removed).anyMatch(c -> c.startsWith(SessionCookie.NAME + "=;") && c.contains("Max-Age=0"));
    }

    @Test
    void anActiveSessionIsReissuedWhenLessThanHalfItsLifetimeIsLeft() {
        String[] user = newUserCredentials();
        Browser browser = signIn(user[0], user[1]);
        String subject = as(browser.session()).when().get("/v1/me").then().statusCode(200).extract().path("subject");
        String sid = io.restassured.path.json.JsonPath.from(new String(java.util.Base64.getUrlDecoder()
                .decode(browser.session().split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8)).getString("sid");
        String ageing = Jwt.issuer(issuer.issuer()).audience("tokenvault").subject(subject).upn(user[0])
                .groups(java.util.Set.of("user")).claim("kind", "user").claim("sid", sid)
                .expiresIn(Duration.ofMinutes(10)).jws().keyId(keys.signingKeyId()).sign(keys.signingKey());
        String renewed = given().cookie(SessionCookie.NAME, ageing).when().get("/v1/me").then().statusCode(200)
                .extract().cookie(SessionCookie.NAME);
        assertThat(renewed).isNotBlank().isNotEqualTo(ageing);
        // a fresh session is left alone
        assertThat(given().cookie(SessionCookie.NAME, renewed).when().get("/v1/me").then().statusCode(200)
                .extract().headers().getValues("Set-Cookie")).isEmpty();
    }

    @Test
    void apiKeysAreShownOnceListedByPrefixAndRevoked() {
        String[] user = newUserCredentials();
        Browser browser = signIn(user[0], user[1]);
        String id = Api.newConnection(browser.session(), Api.newProvider(), Map.of("external_account", "ci-bot"));
        String page = given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().get("/ui/api-keys").then().statusCode(200).extract().asString();
        assertThat(page).contains("<label for=\"key-name\">", "value=\"" + id + "\"", "ci-bot");

        Response created = given().cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).formParam("csrf", browser.csrf())
                .formParam("name", "deploy script").formParam("permission", "tokens:read").formParam("connection_id", id)
                .when().post("/ui/api-keys").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().response();
        String key = created.asString().replaceAll("(?s).*id=\"new-key\" class=\"key\" value=\"(tvk_[^\"]+)\".*", "$1");
        assertThat(key).startsWith("tvk_");
        Api.quiet().header("Authorization", "Bearer " + key).when().get("/v1/connections/" + id + "/token").then()
                .statusCode(200);

        String listed = given().cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).when().get("/ui/api-keys").then().statusCode(200)
                .extract().asString();
        assertThat(listed).contains("deploy script", key.substring(0, 12)).doesNotContain(key);
        String keyId = listed.replaceAll("(?s).*action=\"/ui/api-keys/([0-9a-f-]{36})/delete\".*", "$1");

        given().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().post("/ui/api-keys/" + keyId + "/delete").then().statusCode(403); // no CSRF token
        given().redirects().follow(false).cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).formParam("csrf", browser.csrf())
                .when().post("/ui/api-keys/" + keyId + "/delete").then().statusCode(303);
        Api.quiet().header("Authorization", "Bearer " + key).when().get("/v1/connections/" + id + "/token").then()
                .statusCode(401);
    }

    @Test
    void aProjectsWebhooksAreListedWithTheirLatestDeliveries() {
        String[] user = newUserCredentials();
        Browser browser = signIn(user[0], user[1]);
        String project = Api.newProject(browser.session());
        String hook = as(browser.session()).contentType(ContentType.JSON).body(Map.of("url",
                "https://hooks.example.test/tokenvault", "events", List.of("*"))).post("/v1/projects/" + project
                + "/webhooks").then().statusCode(201).extract().path("id");
        as(browser.session()).post("/v1/projects/" + project + "/webhooks/" + hook + "/ping").then().statusCode(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> given()
                .cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .when().get("/ui/projects/" + project + "/webhooks").then().statusCode(200).extract().asString()
                .contains("unreachable"));
        String page = given().cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie()).when().get("/ui/projects/" + project + "/webhooks")
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("https://hooks.example.test/tokenvault", "<code>ping</code>", "enabled")
                .doesNotContain("whsec_");
    }
}
