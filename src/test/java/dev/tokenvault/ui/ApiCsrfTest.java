package dev.tokenvault.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.identity.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The finding: with only the session cookie, {@code POST /v1/users} and {@code POST /v1/api-keys} succeeded from
 * any origin, even without a Content-Type. Now a cookie-signed unsafe API request needs this browser's CSRF
 * token, and every API body must be JSON.
 */
@QuarkusTest
class ApiCsrfTest {

    record Browser(String session, String csrfCookie, String csrf) {
    }

    /** An administrator signed in through the UI: session cookie, CSRF cookie, and the token the pages carry. */
    static Browser adminBrowser() {
        Response page = given().get("/ui/login");
        String csrfCookie = page.cookie(WebSession.CSRF_COOKIE);
        String loginCsrf = page.asString().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        Response signedIn = given().cookie(WebSession.CSRF_COOKIE, csrfCookie).redirects().follow(false)
                .formParam("username", Api.ADMIN).formParam("password", Api.ADMIN_PASSWORD).formParam("csrf", loginCsrf)
                .post("/ui/login");
        String session = signedIn.cookie(SessionCookie.NAME);
        String newCsrfCookie = signedIn.cookie(WebSession.CSRF_COOKIE);
        String connections = given().cookie(SessionCookie.NAME, session).cookie(WebSession.CSRF_COOKIE, newCsrfCookie)
                .get("/ui/connections").asString();
        String csrf = connections.replaceAll("(?s).*<meta name=\"csrf-token\" content=\"([^\"]+)\">.*", "$1");
        return new Browser(session, newCsrfCookie, csrf);
    }

    static Map<String, Object> newUser() {
        return Map.of("username", Api.unique("csrf"), "password", "long-enough-password", "roles", List.of("admin"));
    }

    @Test
    void aCookieSignedApiWriteNeedsTheCsrfToken() {
        Browser browser = adminBrowser();
        // the attack as found: a cross-site request with the cookie only, no content type
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).header("Origin", "https://evil.example")
                .body("{\"username\":\"" + Api.unique("evil") + "\",\"password\":\"long-enough-password\"}")
                .post("/v1/users").then().statusCode(415).contentType("application/problem+json");
        // JSON, but no token (or a wrong one): refused
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .contentType(ContentType.JSON).body(newUser()).post("/v1/users").then().statusCode(403)
                .body("code", equalTo("csrf_failed"));
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .header(ApiCsrfCheck.HEADER, "forged").contentType(ContentType.JSON).body(newUser())
                .post("/v1/users").then().statusCode(403);
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).header(ApiCsrfCheck.HEADER, browser.csrf())
                .contentType(ContentType.JSON).body(newUser()).post("/v1/users").then().statusCode(403); // no CSRF cookie
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .contentType(ContentType.JSON).body(Map.of("name", "k", "connection_ids", List.of()))
                .post("/v1/api-keys").then().statusCode(403);
        // with this browser's token it works
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).cookie(WebSession.CSRF_COOKIE, browser.csrfCookie())
                .header(ApiCsrfCheck.HEADER, browser.csrf()).contentType(ContentType.JSON).body(newUser())
                .post("/v1/users").then().statusCode(201);
        // reads need no token
        Api.quiet().cookie(SessionCookie.NAME, browser.session()).get("/v1/me").then().statusCode(200);
    }

    @Test
    void bearerCallersNeedNoToken() {
        Api.as(Api.adminToken()).contentType(ContentType.JSON).body(newUser()).post("/v1/users").then().statusCode(201);
    }
}
