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
            // the other test profiles' keys stay configured (their rows and the service keys open here too)
            return Map.of("tokenvault.encryption-keys", NEW + "," + OLD + "," + fixedKey("dev1"));
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

    /** Every key a test profile uses: whatever sealed a row, this opens it. */
    static Sealer allKeys() {
        return new Sealer(new Keyring(NEW + "," + OLD + "," + fixedKey("dev1")));
    }

    static byte[] fingerprintKey() throws Exception {
        try (var db = Api.jdbc(); var st = db.createStatement();
                var rs = st.executeQuery("SELECT id, key_value FROM service_keys WHERE purpose = 'audit-fingerprints'")) {
            rs.next();
            return allKeys().open(rs.getBytes("key_value"),
                    SealedField.of("service_keys", java.util.UUID.fromString(rs.getString("id")), "key_value"));
        }
    }

    @Test
    void fingerprintsAndConnectFlowsSurviveTheRotation() throws Exception {
        String user = Api.newUser();
        String access = Api.secret("access");
        String id = Api.newConnection(user, Api.newProvider(), Map.of("access_token", access));
        byte[] before = fingerprintKey();
        String expected = "hs256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays
                .copyOf(Hmac.sha256(before, access.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 16));
        // the fingerprint is keyed by the service's own key, not by the primary encryption key
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200);
        as(user).get("/v1/audit?action=token.read&connection_id=" + id).then()
                .body("items[0].token_fingerprint", equalTo(expected));

        // a connect flow's sealed PKCE verifier is re-wrapped like every other secret
        String provider = Api.newTestEndpointProvider("client_secret_basic", false);
        as(Api.adminToken()).contentType("application/json").body(Map.of("token_url",
                dev.tokenvault.TestTokenEndpoint.get().tokenUrl(), "authorize_url",
                dev.tokenvault.TestTokenEndpoint.get().authorizeUrl(), "client_id",
                dev.tokenvault.TestTokenEndpoint.CLIENT_ID)).put("/v1/providers/" + provider).then().statusCode(200);
        as(user).contentType("application/json").body("{}").post("/v1/connect/" + provider).then().statusCode(200);
        Api.execute("UPDATE connect_flows SET key_id = 'stale-marker' WHERE provider = '" + provider + "'");
        String admin = Api.adminToken();
        as(admin).get("/v1/admin/keys").then().body("keys.find { it.id == 'stale-marker' }.rows.connect_flows",
                equalTo(1));
        as(admin).post("/v1/admin/keys/rewrap").then().statusCode(200);
        as(admin).get("/v1/admin/keys").then().body("keys.find { it.id == 'new' }.rows.service_keys",
                org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        assertThat(fingerprintKey()).isEqualTo(before);
        // the connection's stored fingerprint still finds the rewrapped token (leak lookup)
        as(admin).contentType("application/json").body(Map.of("token", access)).post("/v1/leaks/lookup").then()
                .statusCode(200).body("fingerprint", equalTo(expected))
                .body("matches.find { it.current }.connection_id", equalTo(id));
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200);
        as(user).get("/v1/audit?action=token.read&connection_id=" + id).then()
                .body("items[0].token_fingerprint", equalTo(expected));
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
