package dev.tokenvault.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest {

    @Test
    void healthProbesAnswer() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("keyring"));
        given().when().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().when().get("/v1/me").then().statusCode(401);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"))
                .body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/connections/{id}/token"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().when().put("/v1/auth/login").then().statusCode(405).contentType("application/problem+json");
    }
}
