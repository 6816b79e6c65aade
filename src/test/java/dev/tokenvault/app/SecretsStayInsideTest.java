package dev.tokenvault.app;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The secret invariants: after a journey that handles every kind of secret (password, client secret, access
 * and refresh tokens, including failures that carry them), neither a dump of the database nor the log holds
 * any of them, in text or in hex.
 */
@QuarkusTest
class SecretsStayInsideTest {

    @Test
    void noSecretInTheDatabaseOrTheLog() throws Exception {
        String admin = Api.adminToken();
        String password = Api.secret("password");
        String clientSecret = Api.secret("client-secret");
        String access = Api.secret("access");
        String refresh = Api.secret("refresh");
        String username = Api.unique("carol");
        as(admin).contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/v1/users").then().statusCode(201);
        String user = Api.login(username, password);
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password + "-wrong")).post("/v1/auth/login")
                .then().statusCode(401);
        String provider = Api.unique("p");
        as(admin).contentType(ContentType.JSON).body(Map.of("name", provider, "token_url", "https://x.example/t",
                "client_id", "cid", "client_secret", clientSecret)).post("/v1/providers").then().statusCode(201);
        String id = Api.newConnection(user, provider, Map.of("access_token", access, "refresh_token", refresh,
                "expires_in", 3600));
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200);
        // failures that carry secrets in their bodies
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", access, "junk", access))
                .post("/v1/connections").then().statusCode(400);
        as(user).contentType(ContentType.JSON).body(Map.of("provider", provider, "access_token", Map.of("x", refresh)))
                .post("/v1/connections").then().statusCode(400);
        as(user).contentType(ContentType.JSON)
                .body(Map.of("provider", provider, "access_token", access, "external_account", "x".repeat(300)))
                .post("/v1/connections").then().statusCode(400);

        List<String> secrets = List.of(password, clientSecret, access, refresh);
        String dump = dumpDatabase();
        for (String secret : secrets) {
            assertThat(dump).doesNotContain(secret)
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
        Path log = Path.of("target/quarkus-test.log");
        assertThat(log).exists();
        String logged = Files.readString(log);
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret);
        }
        assertThat(logged).doesNotContain(user).doesNotContain(admin).doesNotContain("eyJ"); // no bearer JWT
        assertThat(dump).contains(provider); // the dump did read the rows
    }

    @dev.tokenvault.TestIssuers.Inject
    dev.tokenvault.TestIssuer own;

    /** Machine callers: a subject token, the workload JWT it becomes, and an API key never leave a trace. */
    @Test
    void machineCallerSecretsStayInside() throws Exception {
        String user = Api.newUser();
        String provider = Api.newProvider();
        String conn = Api.newConnection(user, provider, Map.of("expires_in", 3600));
        String owner = as(user).get("/v1/me").then().extract().path("subject");
        String tag = java.util.UUID.randomUUID().toString();
        as(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("issuer", own.issuer(), "audiences", List.of("vault-ci"))).post("/v1/issuers");
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("issuer", own.issuer(), "audience", "vault-ci",
                "bound_claims", Map.of("tag", tag), "connection_ids", List.of(conn), "owner", owner))
                .post("/v1/bindings").then().statusCode(201);
        String subjectToken = own.sign(own.claims("vault-ci", Map.of("tag", tag)));
        String workload = io.restassured.RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", subjectToken)
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .post("/v1/auth/token").then().statusCode(200).extract().path("access_token");
        as(workload).get("/v1/connections/" + conn + "/token").then().statusCode(200);
        // refusals that carry the secrets: replay, a tampered JWT, a JSON body with an unknown field
        io.restassured.RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", subjectToken)
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .post("/v1/auth/token").then().statusCode(400);
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("subject_token", subjectToken, "junk", subjectToken)).post("/v1/auth/token")
                .then().statusCode(400);
        as(workload + "x").get("/v1/me").then().statusCode(401);
        String key = as(user).contentType(ContentType.JSON).body(Map.of("name", "cli", "connection_ids", List.of(conn)))
                .post("/v1/api-keys").then().statusCode(201).extract().path("key");
        as(key).get("/v1/connections/" + conn + "/token").then().statusCode(200);
        as(key.substring(0, key.length() - 1) + "0").get("/v1/me").then().statusCode(401);
        String audit = as(Api.adminToken()).queryParam("page_size", 500).get("/v1/audit").asString();

        List<String> secrets = List.of(subjectToken, workload, key);
        String dump = dumpDatabase();
        String logged = Files.readString(Path.of("target/quarkus-test.log"));
        for (String secret : secrets) {
            assertThat(dump).doesNotContain(secret)
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(logged).doesNotContain(secret);
            assertThat(audit).doesNotContain(secret);
        }
        assertThat(logged).doesNotContain("tvk_").doesNotContain("eyJ");
        assertThat(dump).doesNotContain(key.substring(0, 20)); // only the short public prefix is kept
    }

    /** Every row of every table in the schema, as text (bytea in hex): what pg_dump would write. */
    static String dumpDatabase() throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Connection db = Api.jdbc(); Statement st = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
                            + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
