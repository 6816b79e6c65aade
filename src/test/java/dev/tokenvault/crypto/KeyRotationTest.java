package dev.tokenvault.crypto;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rotation end to end: rows sealed under the old key (written here directly, as an older deployment would
 * have) still open under the new keyring, and rewrap moves every row to the new primary, online and
 * idempotently.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {

    // Deterministic test-only keys: the profile and the test run in different class loaders.
    static final String OLD = fixedKey("old");
    static final String NEW = fixedKey("new");

    static String fixedKey(String id) {
        try {
            byte[] bytes = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("tokenvault test key " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return id + ":" + java.util.Base64.getEncoder().encodeToString(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tokenvault.encryption-keys", NEW + "," + OLD);
        }
    }

    @Test
    void oldRowsOpenAndRewrapMovesThemToThePrimary() throws Exception {
        String user = Api.newUser();
        String access = Api.secret("access");
        String id = Api.newConnection(user, Api.newProvider(), Map.of("access_token", access));
        // Re-seal the row under the old key, as a deployment before the rotation would have stored it.
        Sealer oldSealer = new Sealer(new Keyring(OLD));
        byte[] underOld = oldSealer.seal(access, SealedField.of("connections", java.util.UUID.fromString(id), "access_token"));
        try (var db = Api.jdbc(); var st = db.prepareStatement(
                "UPDATE connections SET access_token = ?, key_id = 'old' WHERE id = ?::uuid")) {
            st.setBytes(1, underOld);
            st.setString(2, id);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).body("access_token", equalTo(access));

        String admin = Api.adminToken();
        as(admin).get("/v1/admin/keys").then().statusCode(200).body("primary", equalTo("new"))
                .body("keys.find { it.id == 'old' }.rows.connections", equalTo(1));
        as(admin).post("/v1/admin/keys/rewrap").then().statusCode(200).body("failed", equalTo(0))
                .body("rewrapped.connections", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        as(admin).get("/v1/admin/keys").then().body("keys.find { it.id == 'old' }.rows.connections", equalTo(0));
        as(admin).post("/v1/admin/keys/rewrap").then().statusCode(200).body("rewrapped.connections", equalTo(0));
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200).body("access_token", equalTo(access));
        as(user).get("/v1/admin/keys").then().statusCode(403);
    }

    @Test
    void aCiphertextCopiedToAnotherRowFailsToOpen() throws Exception {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String a = Api.newConnection(user, provider, Map.of("access_token", Api.secret("access")));
        String b = Api.newConnection(user, provider, Map.of("access_token", Api.secret("access")));
        Api.execute("UPDATE connections SET access_token = (SELECT access_token FROM connections WHERE id = '" + a
                + "') WHERE id = '" + b + "'");
        String body = as(user).get("/v1/connections/" + b + "/token").then().statusCode(500)
                .contentType("application/problem+json").body("code", equalTo("integrity_error")).extract().asString();
        assertThat(body).doesNotContain("tvtest-");
    }
}
