package dev.tokenvault.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest {

    @Test
    void healthProbesAnswer() {
        Api.management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Api.management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("keyring"));
        Api.management().when().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().when().get("/v1/me").then().statusCode(401);
        Api.management().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"))
                .body(containsString("jvm_memory_used_bytes"));
        Api.management().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/connections/{id}/token"));
    }

    @Test
    void operationsAreNotOnThePublicPort() {
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().when().put("/v1/auth/login").then().statusCode(405).contentType("application/problem+json");
    }
}
