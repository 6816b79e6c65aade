package dev.tokenvault.exchange;

import static dev.tokenvault.Api.as;
import static dev.tokenvault.exchange.Machines.bind;
import static dev.tokenvault.exchange.Machines.exchange;
import static dev.tokenvault.exchange.Machines.lastExchangeError;
import static dev.tokenvault.exchange.Machines.subjectOf;
import static dev.tokenvault.exchange.Machines.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestClock;
import dev.tokenvault.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/** RFC 8693 token exchange against real OIDC issuers started by the tests. */
@QuarkusTest
class TokenExchangeTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static final String AUDIENCE = "vault-ci";

    MockOAuth2Server oauth2;
    TestIssuer own;

    /** A user with two connections; returns [user token, bound id, unbound id]. */
    static String[] userWithTwoConnections() {
        String user = Api.newUser();
        String provider = Api.newProvider();
        return new String[] { user, Api.newConnection(user, provider, Map.of("expires_in", 3600)),
                Api.newConnection(user, provider, Map.of("expires_in", 3600)) };
    }

    /** A GitHub-Actions-like issuer of its own at the mock OAuth2 server, trusted for AUDIENCE. */
    String githubLike() {
        String issuerId = "gh-" + UUID.randomUUID().toString().substring(0, 8);
        trust(oauth2.issuerUrl(issuerId).toString(), AUDIENCE);
        return issuerId;
    }

    String githubToken(String issuerId, String repository, String ref, int expiry) {
        Map<String, Object> claims = Map.of("repository", repository, "repository_owner", repository.split("/")[0],
                "ref", ref, "job_workflow_ref", Map.of("path", ".github/workflows/release.yml"));
        return oauth2.issueToken(issuerId, "actions", new DefaultOAuth2TokenCallback(issuerId,
                "repo:" + repository + ":ref:" + ref, "JWT", List.of(AUDIENCE), claims, expiry)).serialize();
    }

    @Test
    void aMatchingCiTokenBecomesAWorkloadThatReadsOnlyItsBoundConnections() {
        String[] u = userWithTwoConnections();
        String issuerId = githubLike();
        bind(oauth2.issuerUrl(issuerId).toString(), AUDIENCE,
                Map.of("repository", "acme/*", "ref", "refs/heads/*", "/job_workflow_ref/path", "*/release.yml"),
                List.of(u[1]), 900, subjectOf(u[0]));

        String workload = exchange(githubToken(issuerId, "acme/app", "refs/heads/release/1.2", 3600))
                .statusCode(200).header("Cache-Control", "no-store")
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .body("token_type", equalTo("Bearer")).body("expires_in", lessThanOrEqualTo(900))
                .extract().path("access_token");

        as(workload).get("/v1/me").then().statusCode(200).body("kind", equalTo("workload"))
                .body("connections", equalTo(List.of(u[1])));
        as(workload).get("/v1/connections/" + u[1] + "/token").then().statusCode(200);
        as(workload).get("/v1/connections/" + u[1] + "/status").then().statusCode(200);
        as(workload).get("/v1/connections/" + u[1]).then().statusCode(200);
        // not bound: exactly like a missing connection
        as(workload).get("/v1/connections/" + u[2] + "/token").then().statusCode(404).body("code", equalTo("not_found"));
        as(workload).get("/v1/connections/" + u[2]).then().statusCode(404);
        as(workload).get("/v1/connections/" + UUID.randomUUID() + "/token").then().statusCode(404);
        // its list holds its bound connections only; no writes, no administration
        as(workload).get("/v1/connections").then().statusCode(200).body("items.id", equalTo(List.of(u[1])));
        as(workload).delete("/v1/connections/" + u[1]).then().statusCode(403);
        as(workload).contentType(ContentType.JSON).body(Map.of("provider", "x", "access_token", Api.secret("access")))
                .post("/v1/connections").then().statusCode(403);
        as(workload).contentType(ContentType.JSON).body(Map.of("name", "k", "connection_ids", List.of(u[1])))
                .post("/v1/api-keys").then().statusCode(403);
        as(workload).get("/v1/bindings").then().statusCode(403);
        // its audit view holds its own actions only
        List<String> actors = as(workload).get("/v1/audit").then().statusCode(200).extract().path("items.actor.kind");
        assertThat(actors).isNotEmpty().containsOnly("workload");
        // the owner sees the workload's reads of their connection
        List<String> kinds = as(u[0]).queryParam("connection_id", u[1]).queryParam("action", "token.read")
                .get("/v1/audit").then().extract().path("items.actor.kind");
        assertThat(kinds).contains("workload");
    }

    @Test
    void boundClaimsMustAllMatch() {
        String[] u = userWithTwoConnections();
        String issuerId = githubLike();
        bind(oauth2.issuerUrl(issuerId).toString(), AUDIENCE, Map.of("repository", "acme/app", "ref", "refs/heads/main"),
                List.of(u[1]), 900, subjectOf(u[0]));
        exchange(githubToken(issuerId, "acme/app", "refs/heads/feature", 600)).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_request"))
                .body("detail", equalTo("the subject token was not accepted"));
        assertThat(lastExchangeError()).isEqualTo("no_binding");
        exchange(githubToken(issuerId, "evil/app", "refs/heads/main", 600)).statusCode(400);
        exchange(githubToken(issuerId, "acme/app", "refs/heads/main", 600)).statusCode(200);
    }

    @Test
    void nestedClaimsMatchByJsonPointer() {
        String[] u = userWithTwoConnections();
        String namespace = "apps-" + UUID.randomUUID().toString().substring(0, 6);
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("/kubernetes.io/namespace", namespace,
                "/kubernetes.io/serviceaccount/name", List.of("builder", "deployer-*")), List.of(u[1]), 600,
                subjectOf(u[0]));
        exchange(own.sign(k8s(namespace, "deployer-7"))).statusCode(200);
        exchange(own.sign(k8s(namespace, "intruder"))).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("no_binding");
        exchange(own.sign(k8s("other", "builder"))).statusCode(400);
    }

    JwtClaims k8s(String namespace, String serviceAccount) {
        return own.claims(AUDIENCE, Map.of("kubernetes.io", Map.of("namespace", namespace,
                "serviceaccount", Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString()))));
    }

    @Test
    void wrongAudienceIsRefused() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        exchange(own.sign(own.claims("someone-else", Map.of("tag", tag)))).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("wrong_audience");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        long now = System.currentTimeMillis() / 1000;

        JwtClaims expired = own.claims(AUDIENCE, Map.of("tag", tag));
        expired.setIssuedAt(NumericDate.fromSeconds(now - 600));
        expired.setExpirationTime(NumericDate.fromSeconds(now - 120)); // beyond the 30 s leeway
        exchange(own.sign(expired)).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("expired");

        JwtClaims early = own.claims(AUDIENCE, Map.of("tag", tag));
        early.setNotBefore(NumericDate.fromSeconds(now + 300));
        exchange(own.sign(early)).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("not_yet_valid");

        JwtClaims withinLeeway = own.claims(AUDIENCE, Map.of("tag", tag));
        withinLeeway.setNotBefore(NumericDate.fromSeconds(now + 5));
        exchange(own.sign(withinLeeway)).statusCode(200);
    }

    @Test
    void theWorkloadTokenNeverOutlivesTheSubjectToken() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 900, subjectOf(u[0]));
        JwtClaims shortLived = own.claims(AUDIENCE, Map.of("tag", tag));
        shortLived.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 120));
        exchange(own.sign(shortLived)).statusCode(200).body("expires_in", lessThanOrEqualTo(120));
    }

    @Test
    void aSubjectTokenIsAcceptedOnce() {
        String[] u = userWithTwoConnections();
        String issuerId = githubLike();
        bind(oauth2.issuerUrl(issuerId).toString(), AUDIENCE, Map.of("repository", "acme/app"), List.of(u[1]), 900,
                subjectOf(u[0]));
        String token = githubToken(issuerId, "acme/app", "refs/heads/main", 600);
        exchange(token).statusCode(200);
        exchange(token).statusCode(400).body("detail", equalTo("the subject token was not accepted"));
        assertThat(lastExchangeError()).isEqualTo("replayed");
        String jti = io.restassured.path.json.JsonPath.from(new String(java.util.Base64.getUrlDecoder()
                .decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8)).getString("jti");
        assertThat(Api.count("SELECT count(*) FROM exchanged_subject_tokens WHERE token_key = 'jti:" + jti + "'"))
                .isEqualTo(1);
    }

    @Test
    void aTokenWithoutJtiIsAcceptedOnceToo() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        JwtClaims claims = own.claims(AUDIENCE, Map.of("tag", tag));
        claims.unsetClaim("jti");
        String token = own.sign(claims);
        exchange(token).statusCode(200);
        exchange(token).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("replayed");
    }

    @Test
    void unsignedAndAlgorithmConfusionTokensAreRefused() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        exchange(own.unsigned(own.claims(AUDIENCE, Map.of("tag", tag)))).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("algorithm_not_allowed");
        exchange(own.hmacWithPublicKey(own.claims(AUDIENCE, Map.of("tag", tag)))).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("algorithm_not_allowed");
        // a signature by a key the issuer never published, under a known kid
        String good = own.sign(own.claims(AUDIENCE, Map.of("tag", tag)));
        String[] parts = good.split("\\.");
        String other = own.sign(own.claims(AUDIENCE, Map.of("tag", tag, "extra", "x")));
        exchange(parts[0] + "." + other.split("\\.")[1] + "." + parts[2]).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("bad_signature");
        exchange("not-a-jwt").statusCode(400);
    }

    @Test
    void aRotatedSigningKeyIsFetchedAgainButUnknownKeyIdsAreRateLimited() throws Exception {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        exchange(own.sign(own.claims(AUDIENCE, Map.of("tag", tag)))).statusCode(200);

        clock.advance(Duration.ofMillis(2_100)); // past the test profile's refetch interval (PT2S)
        own.rotate();
        int before = own.jwksFetches();
        exchange(own.sign(own.claims(AUDIENCE, Map.of("tag", tag)))).statusCode(200);
        assertThat(own.jwksFetches()).isEqualTo(before + 1);

        // made-up key ids right after a fetch do not make the service fetch again
        exchange(own.sign(own.claims(AUDIENCE, Map.of("tag", tag)), "k-made-up")).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("unknown_key");
        exchange(own.sign(own.claims(AUDIENCE, Map.of("tag", tag)), "k-made-up-2")).statusCode(400);
        assertThat(own.jwksFetches()).isEqualTo(before + 1);
    }

    @Test
    void aSubjectTokenIssuedInTheFutureIsRefused() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        JwtClaims claims = own.claims(AUDIENCE, Map.of("tag", tag));
        claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 3600));
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 7200)); // only iat is off
        exchange(own.sign(claims)).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("issued_in_future");
    }

    @Test
    void deletingABindingEndsTheWorkloadTokensIssuedThroughIt() {
        String[] u = userWithTwoConnections();
        String tag = UUID.randomUUID().toString();
        trust(own.issuer(), AUDIENCE);
        String binding = bind(own.issuer(), AUDIENCE, Map.of("tag", tag), List.of(u[1]), 600, subjectOf(u[0]));
        String workload = exchange(own.sign(own.claims(AUDIENCE, Map.of("tag", tag)))).statusCode(200).extract()
                .path("access_token");
        as(workload).get("/v1/connections/" + u[1] + "/token").then().statusCode(200);
        as(Api.adminToken()).delete("/v1/bindings/" + binding).then().statusCode(204);
        as(workload).get("/v1/connections/" + u[1] + "/token").then().statusCode(401);
        as(workload).get("/v1/me").then().statusCode(401);
    }

    @Test
    void issuerUrlsAreCheckedEvenWithInlineKeys() {
        Map<String, Object> jwks = Map.of("keys", List.of(Map.of("kty", "RSA", "n", "sXch", "e", "AQAB")));
        for (String issuer : List.of("javascript:alert(1)", "ftp://issuer.example", "https://user:pw@issuer.example",
                "not a url", "https://")) {
            as(Api.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("issuer", issuer, "audiences", List.of(AUDIENCE), "jwks", jwks))
                    .post("/v1/issuers").then().statusCode(400).body("detail", containsString("'issuer'"));
        }
        // an issuer whose host does not resolve: the detail says so without naming a Java exception
        as(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("issuer", "https://" + UUID.randomUUID() + ".invalid", "audiences", List.of(AUDIENCE)))
                .post("/v1/issuers").then().statusCode(400)
                .body("detail", not(containsString("Exception"))).body("detail", containsString("cannot be fetched"));
    }

    @Test
    void unknownIssuersAndMalformedRequestsAreRefused() {
        MockOAuth2Server server = oauth2;
        String token = server.issueToken("never-trusted", "c", new DefaultOAuth2TokenCallback("never-trusted", "s",
                "JWT", List.of(AUDIENCE), Map.of(), 600)).serialize();
        exchange(token).statusCode(400);
        assertThat(lastExchangeError()).isEqualTo("unknown_issuer");
        io.restassured.RestAssured.given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .post("/v1/auth/token").then().statusCode(400).body("code", equalTo("unsupported_grant_type"));
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("grant_type", Machines.GRANT, "subject_token", token, "subject_token_type", Machines.JWT_TYPE))
                .post("/v1/auth/token").then().statusCode(400).body("code", equalTo("invalid_request"));
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("grant_type", Machines.GRANT, "subject_token", token, "subject_token_type", "urn:x"))
                .post("/v1/auth/token").then().statusCode(400);
    }

    @Test
    void bindingsAndIssuersAreForAdminsAndChecked() {
        String[] u = userWithTwoConnections();
        String other = Api.newUser();
        String issuerId = githubLike();
        String issuer = oauth2.issuerUrl(issuerId).toString();
        as(u[0]).get("/v1/issuers").then().statusCode(403);
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("issuer", issuer, "audience", AUDIENCE,
                "bound_claims", Map.of("repository", "*"), "connection_ids", List.of(u[1]), "owner", subjectOf(u[0])))
                .post("/v1/bindings").then().statusCode(400); // a binding must narrow the issuer's tokens down
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("issuer", issuer, "audience", AUDIENCE,
                "bound_claims", Map.of("repository", "acme/app"), "connection_ids", List.of(u[1]),
                "owner", subjectOf(other)))
                .post("/v1/bindings").then().statusCode(400); // not the owner's connection
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("issuer", issuer, "audience", "elsewhere",
                "bound_claims", Map.of("repository", "acme/app"), "connection_ids", List.of(u[1]),
                "owner", subjectOf(u[0])))
                .post("/v1/bindings").then().statusCode(400); // not one of the issuer's audiences
        String binding = bind(issuer, AUDIENCE, Map.of("repository", "acme/app"), List.of(u[1]), 900, subjectOf(u[0]));
        as(Api.adminToken()).get("/v1/bindings/" + binding).then().statusCode(200)
                .body("bound_claims.repository", equalTo("acme/app")).body("issuer", equalTo(issuer));
        as(Api.adminToken()).get("/v1/bindings").then().statusCode(200)
                .body("items.find { it.id == '" + binding + "' }.issuer", equalTo(issuer))
                .body("items.find { it.id == '" + binding + "' }.connection_ids", equalTo(List.of(u[1])));
        String issuerRow = as(Api.adminToken()).get("/v1/issuers").then().statusCode(200).extract()
                .path("items.find { it.issuer == '" + issuer + "' }.id");
        as(Api.adminToken()).get("/v1/issuers/" + issuerRow).then().statusCode(200)
                .body("jwks_uri", equalTo(oauth2.jwksUrl(issuerId).toString()));
        as(Api.adminToken()).delete("/v1/issuers/" + issuerRow).then().statusCode(409);
        as(Api.adminToken()).delete("/v1/bindings/" + binding).then().statusCode(204);
        exchange(githubToken(issuerId, "acme/app", "refs/heads/main", 600)).statusCode(400);
        as(Api.adminToken()).delete("/v1/issuers/" + issuerRow).then().statusCode(204);
        as(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("issuer", "http://127.0.0.1:1/nothing-here", "audiences", List.of(AUDIENCE)))
                .post("/v1/issuers").then().statusCode(400);
    }
}
