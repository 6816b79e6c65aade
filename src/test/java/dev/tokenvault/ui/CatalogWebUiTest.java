package dev.tokenvault.ui;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.identity.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** An administrator adds a provider from the catalog with only the client id, secret and the entry's parameters. */
@QuarkusTest
class CatalogWebUiTest {

    static RequestSpecification in(WebUiTest.Browser browser) {
        return given().redirects().follow(false).cookie(SessionCookie.NAME, browser.session())
                .cookie(WebSession.CSRF_COOKIE, browser.csrfCookie());
    }

    @Test
    void anAdministratorAddsAProviderFromTheCatalog() {
        String[] credentials = WebUiTest.newUserCredentials("admin");
        WebUiTest.Browser admin = WebUiTest.signIn(credentials[0], credentials[1]);
        in(admin).get("/ui/admin/providers").then().statusCode(200)
                .body(containsString("Add a provider from the catalog"))
                .body(containsString("<option value=\"zendesk\">Zendesk</option>"))
                .body(containsString("<option value=\"circleci\">CircleCI (API key)</option>"));
        String page = in(admin).get("/ui/admin/providers/catalog?template=zendesk").then().statusCode(200)
                .body(containsString("name=\"param.subdomain\""))
                .body(containsString("name=\"client_secret\""))
                .body(containsString("Your Zendesk subdomain")).extract().asString();
        String csrf = WebUiTest.hiddenCsrf(page);
        String name = Api.unique("zendesk");
        String secret = Api.secret("client-secret");

        // without the CSRF token nothing happens
        in(admin).formParam("name", name).formParam("client_id", "zd-client").formParam("client_secret", secret)
                .formParam("param.subdomain", "acme").post("/ui/admin/providers/catalog/zendesk").then()
                .statusCode(403).body(containsString("Form expired"));
        // a parameter that does not fit: the page again with the reason and what was entered, but not the secret
        String refused = in(admin).formParam("csrf", csrf).formParam("name", name).formParam("client_id", "zd-client")
                .formParam("client_secret", secret).formParam("param.subdomain", "acme.evil.example")
                .post("/ui/admin/providers/catalog/zendesk").then().statusCode(400)
                .body(containsString("parameter &#39;subdomain&#39; must be a single host name label"))
                .body(containsString("value=\"acme.evil.example\"")).body(containsString("value=\"zd-client\""))
                .extract().asString();
        assertThat(refused).doesNotContain(secret);
        in(admin).formParam("csrf", csrf).formParam("name", name).formParam("client_id", "zd-client")
                .formParam("client_secret", secret).formParam("param.subdomain", "acme").formParam("scopes", "")
                .post("/ui/admin/providers/catalog/zendesk").then().statusCode(303)
                .header("Location", endsWith("/ui/admin/providers?notice=created"));
        as(Api.adminToken()).get("/v1/providers/" + name).then().statusCode(200)
                .body("template", equalTo("zendesk")).body("client_id", equalTo("zd-client"))
                .body("token_url", equalTo("https://acme.zendesk.com/oauth/tokens"))
                .body("scopes", equalTo(java.util.List.of("read"))).body("client_secret_set", equalTo(true));
        in(admin).get("/ui/admin/providers").then().statusCode(200).body(containsString(name));
    }

    @Test
    void anApiKeyEntryAsksForNoClientAndOthersMayNotAdd() {
        String[] credentials = WebUiTest.newUserCredentials("admin");
        WebUiTest.Browser admin = WebUiTest.signIn(credentials[0], credentials[1]);
        String page = in(admin).get("/ui/admin/providers/catalog?template=datadog").then().statusCode(200)
                .body(containsString("value=\"datadoghq.com\"")).extract().asString();
        assertThat(page).doesNotContain("name=\"client_secret\"");
        String name = Api.unique("datadog");
        in(admin).formParam("csrf", WebUiTest.hiddenCsrf(page)).formParam("name", name)
                .formParam("param.site", "datadoghq.eu").post("/ui/admin/providers/catalog/datadog").then()
                .statusCode(303);
        as(Api.adminToken()).get("/v1/providers/" + name).then().statusCode(200).body("kind", equalTo("api_key"))
                .body("validation_url", equalTo("https://api.datadoghq.eu/api/v1/validate"));
        in(admin).get("/ui/admin/providers/catalog?template=nope").then().statusCode(404);

        String[] someone = WebUiTest.newUserCredentials();
        WebUiTest.Browser user = WebUiTest.signIn(someone[0], someone[1]);
        String userPage = in(user).get("/ui/connections").then().statusCode(200).extract().asString();
        in(user).formParam("csrf", WebUiTest.hiddenCsrf(userPage)).formParam("name", Api.unique("dd"))
                .post("/ui/admin/providers/catalog/datadog").then().statusCode(403);
    }
}
