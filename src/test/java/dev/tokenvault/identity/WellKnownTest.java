package dev.tokenvault.identity;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Standard libraries can discover the service and verify what it issues with the keys it publishes. */
@QuarkusTest
class WellKnownTest {

    @Test
    void aLoginTokenVerifiesWithThePublishedKeyItNames() throws Exception {
        String jwt = Api.adminToken();
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json").extract().asString();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        var key = new JsonWebKeySet(jwks).getJsonWebKeys().stream().filter(k -> k.getKeyId().equals(jws.getKeyIdHeaderValue()))
                .findFirst().orElseThrow();
        jws.setKey(key.getKey());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(jwks).doesNotContain("\"d\"").doesNotContain("\"p\"").doesNotContain("\"q\""); // public parts only
    }

    @Test
    void theMetadataNamesTheIssuerOfTheTokensAndWhereTheKeysAre() {
        String jwt = Api.adminToken();
        String iss = JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("iss");
        given().get("/.well-known/oauth-authorization-server").then().statusCode(200)
                .body("issuer", equalTo(iss))
                .body("token_endpoint", equalTo(iss + "/v1/auth/token"))
                .body("jwks_uri", equalTo(iss + "/.well-known/jwks.json"))
                .body("grant_types_supported", hasItem("urn:ietf:params:oauth:grant-type:token-exchange"));
        assertThat(iss).startsWith("http://localhost:");
    }

    @Test
    void theTokenEndpointIgnoresParametersItDoesNotKnow() {
        // a client library's client_id is not a reason to refuse (RFC 6749): the subject token still decides
        given().contentType("application/json").body(Map.of("grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", "not-a-jwt",
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "client_id", "some-client"))
                .post("/v1/auth/token").then().statusCode(400).body("detail", equalTo("the subject token was not accepted"));
        given().contentType("application/x-www-form-urlencoded").body("grant_type="
                + "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=not-a-jwt&client_id=x"
                + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt")
                .post("/v1/auth/token").then().statusCode(400).body("detail", equalTo("the subject token was not accepted"));
    }
}
