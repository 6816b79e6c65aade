package dev.tokenvault.app;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The documented build setting {@code quarkus.smallrye-openapi.management.enabled=false} serves the OpenAPI
 * document and the Swagger UI on the public port (health and metrics stay on the management interface).
 */
@QuarkusTest
@TestProfile(OpenApiOnPublicPortTest.Public.class)
class OpenApiOnPublicPortTest {

    public static class Public implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-openapi.management.enabled", "false");
        }
    }

    @Test
    void theDocumentAndTheSwaggerUiAreOnThePublicPort() {
        Api.quiet().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/v1/connections/{id}/token"));
        Api.quiet().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("/q/openapi"));
        Api.quiet().when().get("/q/health/ready").then().statusCode(404);
        Api.management().when().get("/q/health/ready").then().statusCode(200);
    }
}
