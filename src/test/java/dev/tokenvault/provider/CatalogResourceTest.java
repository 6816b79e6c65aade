package dev.tokenvault.provider;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogResourceTest {

    @Test
    void anySignedInCallerReadsTheCatalog() {
        String user = Api.newUser();
        as(user).get("/v1/catalog").then().statusCode(200)
                .body("items.size()", greaterThanOrEqualTo(40))
                .body("items.id", hasItems("xero", "quickbooks", "github", "github-app", "circleci", "oidc"))
                .body("next_page_token", nullValue())
                .body("items.find { it.id == 'zendesk' }.token_url", equalTo("https://{subdomain}.zendesk.com/oauth/tokens"))
                .body("items.find { it.id == 'zendesk' }.parameters[0].name", equalTo("subdomain"))
                .body("items.find { it.id == 'microsoft' }.parameters[0].default", equalTo("common"));
        as(user).get("/v1/catalog/google").then().statusCode(200)
                .body("kind", equalTo("oauth2")).body("auth_method", equalTo("client_secret_post"))
                .body("authorize_params.access_type", equalTo("offline"))
                .body("default_scopes", hasItems("openid", "email"))
                .body("docs_url", equalTo("https://developers.google.com/identity/protocols/oauth2/web-server"));
        as(user).get("/v1/catalog/circleci").then().statusCode(200).body("kind", equalTo("api_key"))
                .body("validation.auth", equalTo("header:Circle-Token"));
    }

    @Test
    void theAdministratorsFileReplacesAndAdds() {
        String user = Api.newUser();
        as(user).get("/v1/catalog/doppler").then().statusCode(200)
                .body("display_name", equalTo("Doppler (replaced by the test catalog file)"));
        as(user).get("/v1/catalog/tokenvault-test-api").then().statusCode(200)
                .body("validation.url", equalTo("{base_url}/api/me"));
    }

    @Test
    void unknownEntriesAndStrangers() {
        as(Api.newUser()).get("/v1/catalog/no-such-provider").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().get("/v1/catalog").then().statusCode(401);
    }
}
