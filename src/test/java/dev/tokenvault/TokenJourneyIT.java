package dev.tokenvault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged application (the fast-jar in {@code ./mvnw verify}, the native binary with {@code -Dnative}),
 * started in the prod profile with throwaway keys, walks the whole journey of a stored credential.
 */
@QuarkusIntegrationTest
@WithTestResource(ThrowawayProdKeys.class)
class TokenJourneyIT {

    @Test
    void storeHandOutAuditAndDeleteACredential() {
        // log in as the first administrator created at start-up from TOKENVAULT_ADMIN_USERNAME/PASSWORD
        String jwt = given().contentType(ContentType.JSON)
                .body(Map.of("username", ThrowawayProdKeys.ADMIN, "password", ThrowawayProdKeys.adminPassword()))
                .when().post("/v1/auth/login")
                .then().statusCode(200).body("token_type", equalTo("Bearer"))
                .extract().path("access_token");
        as(jwt).when().get("/v1/me").then().statusCode(200).body("roles", hasItem("admin"));

        // register a provider (client_secret is write-only)
        String provider = Api.unique("prov");
        String clientSecret = Api.secret("client-secret");
        String providerBody = as(jwt).contentType(ContentType.JSON)
                .body(Map.of("name", provider, "token_url", "https://oauth.example.test/token", "client_id", "client-1",
                        "client_secret", clientSecret, "scopes", List.of("read")))
                .when().post("/v1/providers").then().statusCode(201).extract().asString();
        assertThat(providerBody).doesNotContain(clientSecret);

        // store a credential: the answer carries metadata, never the tokens
        String accessToken = Api.secret("access");
        String refreshToken = Api.secret("refresh");
        Response created = as(jwt).contentType(ContentType.JSON)
                .body(Map.of("provider", provider, "external_account", "octocat", "access_token", accessToken,
                        "refresh_token", refreshToken, "expires_in", 3600, "scopes", List.of("read")))
                .when().post("/v1/connections").then().statusCode(201).extract().response();
        assertThat(created.asString()).doesNotContain(accessToken).doesNotContain(refreshToken);
        String id = created.path("id");
        as(jwt).when().get("/v1/connections/" + id + "/status").then().statusCode(200).body("status", equalTo("VALID"));

        // hand out the token
        as(jwt).header("X-App-Name", "journey-it").header("X-Purpose", "native readiness")
                .when().get("/v1/connections/" + id + "/token?min_ttl=60")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("access_token", equalTo(accessToken)).body("token_type", equalTo("Bearer"));

        // the hand-out is audited with a fingerprint, never the token
        String audit = as(jwt).when().get("/v1/audit?connection_id=" + id)
                .then().statusCode(200).body("items.action", hasItem("token.read"))
                .body("items.find { it.action == 'token.read' }.app_name", equalTo("journey-it"))
                .extract().asString();
        assertThat(audit).contains("\"token_fingerprint\":\"hs256:").doesNotContain(accessToken);

        // delete: the stored tokens are gone, and the id is unknown from now on
        as(jwt).when().delete("/v1/connections/" + id).then().statusCode(204);
        as(jwt).when().get("/v1/connections/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        as(jwt).when().get("/v1/connections/" + id + "/token").then().statusCode(404);
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        given().when().get("/v1/connections").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get("/v1/connections").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", ThrowawayProdKeys.ADMIN, "password", Api.secret("wrong-password")))
                .when().post("/v1/auth/login").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void healthEndpointsAnswerForKubernetesProbes() {
        Api.management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Api.management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("keyring"));
        Api.management().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        Api.management().when().get("/q/metrics").then().statusCode(200);
    }

    private static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt);
    }
}
