package dev.tokenvault.identity;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

@QuarkusTest
class AuthResourceTest {

    @Inject
    TokenIssuer issuer;
    @Inject
    JwtKeys keys;

    @Test
    void loginIssuesAJwtAndAHardenedSessionCookie() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.ADMIN, "password", Api.ADMIN_PASSWORD))
                .when().post("/v1/auth/login");
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", greaterThan(0))
                .body("access_token", notNullValue());
        String cookie = response.getHeader("Set-Cookie");
        assertThat(cookie).startsWith("__Host-tv_session=").contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/")
                .doesNotContain("Domain");
        String jwt = response.path("access_token");
        given().cookie("__Host-tv_session", jwt).when().get("/v1/me").then().statusCode(200)
                .body("username", equalTo("admin")).body("kind", equalTo("user"))
                .body("roles", org.hamcrest.Matchers.hasItem("admin"))
                .body("connections", equalTo(List.of("*")));
    }

    @Test
    void wrongUserAndWrongPasswordGiveTheSameAnswer() {
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("nobody"), "password", "whatever-password"))
                .when().post("/v1/auth/login").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"))
                .extract().asString();
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.ADMIN, "password", "not-the-password"))
                .when().post("/v1/auth/login").then().statusCode(401).extract().asString();
        assertThat(unknown).isEqualTo(wrongPassword);
    }

    @Test
    void repeatedFailuresAreRateLimitedPerUsername() {
        String user = Api.unique("victim");
        String address = "203.0.113." + (int) (Math.random() * 200 + 20);
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("username", user, "password", "guess-" + i))
                    .when().post("/v1/auth/login").then().statusCode(401);
        }
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body(Map.of("username", user, "password", "guess-6"))
                .when().post("/v1/auth/login").then().statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void aStrangerElsewhereCannotLockTheUserOut() {
        String username = Api.unique("target");
        String password = Api.secret("password");
        Api.as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/v1/users").then().statusCode(201);
        for (int i = 0; i < 5; i++) { // from the stranger's address, through a trusted proxy
            given().header("X-Forwarded-For", "198.51.100.7").contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", "guess-" + i)).post("/v1/auth/login")
                    .then().statusCode(401);
        }
        given().header("X-Forwarded-For", "198.51.100.7").contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/v1/auth/login").then().statusCode(429);
        // the user, from their own address, still signs in
        given().header("X-Forwarded-For", "203.0.113.9").contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/v1/auth/login").then().statusCode(200);
        // the failures name the stranger's address in the audit log
        Api.as(Api.adminToken()).get("/v1/audit?action=auth.failure&actor=" + username).then()
                .body("items.ip", org.hamcrest.Matchers.everyItem(equalTo("198.51.100.7")));
    }

    @Test
    void oneAddressGuessingManyUsernamesIsSlowedThenRefused() {
        String address = "192.0.2." + (int) (Math.random() * 200 + 20);
        int refused = 0;
        for (int i = 0; i < 22; i++) {
            int status = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("username", Api.unique("spray"), "password", "guess")).post("/v1/auth/login")
                    .statusCode();
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).isGreaterThanOrEqualTo(2); // 4 × 5 failures per address, then 429
    }

    @Test
    void logoutRemovesTheCookie() {
        String cookie = given().when().post("/v1/auth/logout").then().statusCode(204).extract().header("Set-Cookie");
        assertThat(cookie).startsWith("__Host-tv_session=;").contains("Max-Age=0", "HttpOnly", "Secure");
    }

    @Test
    void malformedLoginBodiesAreClearProblems() {
        given().contentType(ContentType.JSON).body("{\"username\":\"a\"").when().post("/v1/auth/login")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("username", "a", "password", "b", "otp", "1"))
                .when().post("/v1/auth/login").then().statusCode(400).body("detail", containsString("'otp'"));
        given().contentType(ContentType.JSON).body(Map.of("username", "a")).when().post("/v1/auth/login")
                .then().statusCode(400).body("detail", containsString("'password'"));
    }

    // ------------------------------------------------------------------ refused JWTs

    static PrivateKey vaultKey() throws Exception {
        return KeyUtils.decodePrivateKey(Files.readString(Path.of("target/tokenvault-dev-keys/jwt-signing-key.pem")));
    }

    static String adminSubject() {
        return as(Api.adminToken()).get("/v1/me").then().extract().path("subject");
    }

    /** The claims of a valid admin token of a live session: each refusal test changes one thing only. */
    JwtClaimsBuilder forged() {
        String login = Api.adminToken();
        Map<String, Object> claims = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder()
                .decode(login.split("\\.")[1]), StandardCharsets.UTF_8)).getMap("");
        return Jwt.issuer(issuer.issuer()).audience("tokenvault").subject((String) claims.get("sub")).upn("admin")
                .groups("admin").claim("kind", "user").claim("sid", claims.get("sid")).expiresIn(60);
    }

    String sign(JwtClaimsBuilder claims) throws Exception {
        return claims.jws().keyId(keys.signingKeyId()).sign(vaultKey());
    }

    void refused(String jwt) {
        as(jwt).when().get("/v1/me").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated")).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aProperlySignedTokenIsAccepted() throws Exception {
        as(sign(forged())).when().get("/v1/me").then().statusCode(200);
    }

    @Test
    void aSignedTokenCountsOnlyWithALiveSession() throws Exception {
        refused(sign(forged().remove("sid")));
        refused(sign(forged().claim("sid", java.util.UUID.randomUUID().toString())));
        // the roles in the token are not trusted: the stored ones are
        String user = Api.newUser();
        String sub = as(user).get("/v1/me").then().extract().path("subject");
        String sid = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder()
                .decode(user.split("\\.")[1]), StandardCharsets.UTF_8)).getString("sid");
        String promoted = sign(forged().subject(sub).upn("someone").claim("sid", sid).groups(java.util.Set.of("admin", "user")));
        as(promoted).get("/v1/me").then().statusCode(200).body("roles", equalTo(List.of("user")));
        as(promoted).get("/v1/users").then().statusCode(403);
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        refused(sign(forged().issuedAt(now - 7200).expiresAt(now - 3600)));
    }

    @Test
    void wrongIssuerAndWrongAudienceAreRefused() throws Exception {
        refused(sign(forged().issuer("someone-else")));
        refused(sign(forged().audience("another-service")));
    }

    @Test
    void aKeyIdThatNamesNoKeyIsRefused() throws Exception {
        refused(forged().jws().keyId("no-such-key").sign(vaultKey()));
    }

    @Test
    void tokensSignedWithAnotherKeyAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(forged().jws().keyId(keys.signingKeyId()).sign(generator.generateKeyPair().getPrivate()));
    }

    @Test
    void tamperedTokensAreRefused() {
        String jwt = Api.adminToken();
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"admin\"", "\"admim\"");
        refused(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        refused(jwt.substring(0, jwt.length() - 3) + (jwt.endsWith("AAA") ? "BBB" : "AAA"));
    }

    @Test
    void algNoneIsRefused() {
        String jwt = Api.adminToken();
        String payload = jwt.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        refused(header + "." + payload + ".");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        var pub = java.security.KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(
                ((java.security.interfaces.RSAPrivateCrtKey) vaultKey()).getModulus(),
                ((java.security.interfaces.RSAPrivateCrtKey) vaultKey()).getPublicExponent()));
        javax.crypto.SecretKey asSecret = new javax.crypto.spec.SecretKeySpec(pub.getEncoded(), "HmacSHA256");
        refused(forged().jws().keyId(keys.signingKeyId()).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                .sign(asSecret));
    }

    @Test
    void anAuthenticationFailureIsAudited() {
        String agent = Api.unique("agent");
        given().header("User-Agent", agent).header("Authorization", "Bearer not.a.jwt").when().get("/v1/me")
                .then().statusCode(401);
        assertThat(Api.count("SELECT count(*) FROM audit_events WHERE action = 'auth.failure' AND error_code = "
                + "'invalid_credentials' AND actor_subject IS NULL AND user_agent = '" + agent + "'")).isEqualTo(1);
    }
}
