package dev.tokenvault.leak;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import dev.tokenvault.GitHubKeysServer;
import dev.tokenvault.webhook.NodeReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * GitHub's secret scanning partner endpoint with real ECDSA P-256 signatures: {@link GitHubKeysServer} publishes a
 * public key in GitHub's format and signs bodies with its private key. A signed report revokes the keys it names;
 * a missing header, another key's signature or a tampered body is refused and revokes nothing.
 */
@QuarkusTest
class SecretScanningTest {

    final NodeReceiver receiver = NodeReceiver.get();

    static String report(String... tokens) {
        StringBuilder body = new StringBuilder("[");
        for (String token : tokens) {
            body.append(body.length() > 1 ? "," : "").append("{\"token\":\"").append(token)
                    .append("\",\"type\":\"tokenvault_api_key\",\"url\":\"https://github.com/octo/repo/blob/main/.env\","
                            + "\"source\":\"content\"}");
        }
        return body.append("]").toString();
    }

    static RequestSpecification github(String body, String keyId, String signature) {
        RequestSpecification request = Api.quiet().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (keyId != null) {
            request = request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request = request.header("Github-Public-Key-Signature", signature);
        }
        return request;
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedReportRevokesTheKeysItNamesAndAnnouncesThem() throws Exception {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String hookName = Api.unique("hook");
        String secret = as(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(hookName), "events", List.of("api_key.leaked")))
                .post("/v1/projects/" + project + "/webhooks").then().statusCode(201).extract().path("secret");
        receiver.configure(hookName, secret, List.of());
        String leaked = Api.newProjectKey(owner.token(), project, Map.of());
        String unknown = "tvk_" + "A".repeat(30) + "_" + "000000"; // the right shape, a wrong checksum
        as(leaked).get("/v1/me").then().statusCode(200);

        String body = report(leaked, unknown);
        github(body, GitHubKeysServer.KEY_ID, GitHubKeysServer.sign(body)).post("/v1/secret-scanning/github").then()
                .statusCode(200).body("$", hasSize(2))
                .body("[0].token_hash", equalTo(sha256(leaked))).body("[0].label", equalTo("true_positive"))
                .body("[0].token_type", equalTo("tokenvault_api_key"))
                .body("[1].token_hash", equalTo(sha256(unknown))).body("[1].label", equalTo("false_positive"));
        as(leaked).get("/v1/me").then().statusCode(401);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received(hookName).isEmpty());
        Map<String, Object> delivery = receiver.received(hookName).get(0);
        assertThat(delivery.get("type")).isEqualTo("api_key.leaked");
        assertThat(delivery.get("verified")).isEqualTo(true);
        assertThat((String) delivery.get("body")).contains("https://github.com/octo/repo/blob/main/.env")
                .contains("github-secret-scanning").doesNotContain(leaked);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Api.count("SELECT count(*) FROM audit_events "
                + "WHERE action = 'leak.revoke' AND actor_subject = 'github-secret-scanning'") >= 1);

        // GitHub reports it again later: the key is gone, so it is no longer one of ours
        github(report(leaked), GitHubKeysServer.KEY_ID, GitHubKeysServer.sign(report(leaked)))
                .post("/v1/secret-scanning/github").then().statusCode(200).body("[0].label", equalTo("false_positive"));
    }

    @Test
    void unsignedBadlySignedOrTamperedReportsAreRefusedAndRevokeNothing() {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String key = Api.newProjectKey(owner.token(), project, Map.of());
        String body = report(key);
        String signature = GitHubKeysServer.sign(body);
        String tampered = body.replace("content", "commit");

        github(body, null, null).post("/v1/secret-scanning/github").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        github(body, GitHubKeysServer.KEY_ID, null).post("/v1/secret-scanning/github").then().statusCode(401);
        github(body, null, signature).post("/v1/secret-scanning/github").then().statusCode(401);
        github(body, GitHubKeysServer.KEY_ID, GitHubKeysServer.signWithAnotherKey(body))
                .post("/v1/secret-scanning/github").then().statusCode(401);
        github(tampered, GitHubKeysServer.KEY_ID, signature).post("/v1/secret-scanning/github").then().statusCode(401);
        github(body, "not-a-key-github-has", signature).post("/v1/secret-scanning/github").then().statusCode(401);
        github(body, GitHubKeysServer.KEY_ID, "%%%not base64%%%").post("/v1/secret-scanning/github").then()
                .statusCode(401);
        as(key).get("/v1/me").then().statusCode(200);

        // signed, but not a report: a clear 400, nothing revoked
        for (String notAReport : List.of("{\"token\":\"" + key + "\"}", "[{\"token\":42}]", "[1,2]", "nope")) {
            github(notAReport, GitHubKeysServer.KEY_ID, GitHubKeysServer.sign(notAReport))
                    .post("/v1/secret-scanning/github").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_request"));
        }
        as(key).get("/v1/me").then().statusCode(200);
    }
}
