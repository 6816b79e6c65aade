package dev.tokenvault.exchange;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import dev.tokenvault.Api;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Arranging issuers, bindings and exchanges for the machine-caller tests. */
final class Machines {

    static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    private Machines() {
    }

    /** Registers the issuer (by discovery) when it is not yet trusted, with the given audience. */
    static void trust(String issuer, String audience) {
        as(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("issuer", issuer, "audiences", List.of(audience)))
                .post("/v1/issuers").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(409)));
    }

    static String bind(String issuer, String audience, Map<String, Object> claims, List<String> connections, int ttl,
            String owner) {
        return as(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("issuer", issuer, "audience", audience, "bound_claims", claims, "connection_ids",
                        connections, "ttl_seconds", ttl, "owner", owner))
                .post("/v1/bindings").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse exchange(String subjectToken) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", GRANT)
                .formParam("subject_token", subjectToken).formParam("subject_token_type", JWT_TYPE)
                .post("/v1/auth/token").then();
    }

    static String subjectOf(String userToken) {
        return as(userToken).get("/v1/me").then().statusCode(200).extract().path("subject");
    }

    /** The error code of the newest auth.exchange event (admin view). */
    static String lastExchangeError() {
        return as(Api.adminToken()).queryParam("action", "auth.exchange").queryParam("page_size", 1)
                .get("/v1/audit").then().statusCode(200).extract().path("items[0].error_code");
    }
}
