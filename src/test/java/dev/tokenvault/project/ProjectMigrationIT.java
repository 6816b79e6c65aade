package dev.tokenvault.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.tokenvault.PostgresTestResource;
import dev.tokenvault.ServiceProcess;
import dev.tokenvault.apikey.ApiKeyFormat;
import dev.tokenvault.crypto.KeyringFactory;
import dev.tokenvault.crypto.SealedField;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.identity.Passwords;
import io.restassured.path.json.JsonPath;

/**
 * The projects migration without loss: a database is filled through the schema before projects (V5: users,
 * a provider, connections with sealed tokens, an API key, a binding, audit events), then the packaged application
 * starts on it, migrates it, and every row is found in its owner's personal project through the API.
 */
class ProjectMigrationIT {

    static final String ADMIN_PASSWORD = "tvtest-admin-password-migration";
    static final PostgresTestResource database = new PostgresTestResource();
    static ServiceProcess service;

    @AfterAll
    static void stop() {
        if (service != null) {
            service.process().destroyForcibly();
        }
        database.stop();
    }

    @Test
    void rowsFromBeforeProjectsAreFoundInTheirOwnersPersonalProjects() throws Exception {
        Map<String, String> datasource = database.start();
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration").target("5").load().migrate();

        byte[] aes = new byte[32];
        new SecureRandom().nextBytes(aes);
        String keys = "it1:" + Base64.getEncoder().encodeToString(aes);
        Sealer sealer = new Sealer(KeyringFactory.of(keys));
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID provider = UUID.randomUUID();
        UUID aliceConnection = UUID.randomUUID();
        UUID bobConnection = UUID.randomUUID();
        UUID issuer = UUID.randomUUID();
        UUID binding = UUID.randomUUID();
        String access = "tvtest-at-legacy-" + UUID.randomUUID();
        String refresh = "tvtest-rt-legacy-" + UUID.randomUUID();
        ApiKeyFormat.Parsed key = ApiKeyFormat.generate();
        Instant now = Instant.now();
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            for (Object[] user : List.of(new Object[] { alice, "alice" }, new Object[] { bob, "bob" })) {
                insert(db, "INSERT INTO users (id, username, password_hash, roles, created_at, updated_at) "
                        + "VALUES (?, ?, ?, 'user', ?, ?)", user[0], user[1], Passwords.hash("tvtest-pw-" + user[1]),
                        ts(now), ts(now));
            }
            insert(db, "INSERT INTO providers (id, name, token_url, client_id, client_secret, key_id, auth_method, scopes, "
                    + "refresh_skew_seconds, created_at, updated_at) VALUES (?, 'legacy', 'https://oauth.example.test/token', "
                    + "'client', ?, 'it1', 'client_secret_basic', 'read', 60, ?, ?)", provider,
                    sealer.seal("tvtest-client-secret-legacy", SealedField.of("providers", provider, "client_secret")),
                    ts(now), ts(now));
            for (Object[] c : List.of(new Object[] { aliceConnection, alice, "alice@legacy" },
                    new Object[] { bobConnection, bob, "bob@legacy" })) {
                UUID id = (UUID) c[0];
                insert(db, "INSERT INTO connections (id, owner_id, provider, external_account, access_token, "
                        + "refresh_token, key_id, expires_at, scopes, created_at, updated_at) "
                        + "VALUES (?, ?, 'legacy', ?, ?, ?, 'it1', ?, 'read', ?, ?)", id, c[1], c[2],
                        sealer.seal(access, SealedField.of("connections", id, "access_token")),
                        sealer.seal(refresh, SealedField.of("connections", id, "refresh_token")),
                        ts(now.plusSeconds(3600)), ts(now), ts(now));
            }
            insert(db, "INSERT INTO api_keys (id, owner_id, name, prefix, key_hash, connection_ids, created_at) "
                    + "VALUES (?, ?, 'legacy cli', ?, ?, ?, ?)", UUID.randomUUID(), alice, key.shownPrefix(), key.hash(),
                    aliceConnection.toString(), ts(now));
            insert(db, "INSERT INTO trusted_issuers (id, issuer, jwks, audiences, created_at, updated_at) "
                    + "VALUES (?, 'https://ci.example.test', '{\"keys\":[]}', 'vault', ?, ?)", issuer, ts(now), ts(now));
            insert(db, "INSERT INTO bindings (id, issuer_id, audience, bound_claims, owner_id, connection_ids, ttl_seconds, "
                    + "created_at) VALUES (?, ?, 'vault', '{\"repository\":\"acme/app\"}'::jsonb, ?, ?, 900, ?)", binding,
                    issuer, alice, aliceConnection.toString(), ts(now));
            insert(db, "INSERT INTO audit_events (id, at, actor_kind, actor_subject, action, connection_id, "
                    + "connection_owner, provider, outcome, status_code) VALUES (?, ?, 'user', 'alice', 'token.read', ?, "
                    + "?, 'legacy', 'success', 200)", UUID.randomUUID(), ts(now), aliceConnection, alice);
        }

        Map<String, String> env = ServiceProcess.environment(datasource, ADMIN_PASSWORD);
        env.put("TOKENVAULT_ENCRYPTION_KEYS", keys);
        service = ServiceProcess.launch("migration", env).awaitReady();

        String aliceToken = login("alice");
        String bobToken = login("bob");
        // the tokens read back through the API, unchanged
        HttpResponse<String> token = service.send("GET", "/v1/connections/" + aliceConnection + "/token", aliceToken, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(JsonPath.from(token.body()).getString("access_token")).isEqualTo(access);
        // in alice's personal project, where she is the owner
        JsonPath projects = JsonPath.from(service.send("GET", "/v1/projects", aliceToken, null).body());
        assertThat(projects.getList("items.name")).containsExactly("~alice");
        assertThat(projects.getString("items[0].role")).isEqualTo("owner");
        String personal = projects.getString("items[0].id");
        JsonPath connection = JsonPath.from(service.send("GET", "/v1/connections/" + aliceConnection, aliceToken, null).body());
        assertThat(connection.getString("project")).isEqualTo(personal);
        assertThat(connection.getString("owner")).isEqualTo(alice.toString());
        // the old API key still reads its connection, and only that
        HttpResponse<String> byKey = service.send("GET", "/v1/connections/" + aliceConnection + "/token", key.key(), null);
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
        assertThat(service.send("GET", "/v1/connections/" + bobConnection + "/token", key.key(), null).statusCode())
                .isEqualTo(404);
        assertThat(JsonPath.from(service.send("GET", "/v1/api-keys", aliceToken, null).body()).getList("items.permissions"))
                .containsExactly(List.of("tokens:read"));
        // bob's connection is his alone
        assertThat(service.send("GET", "/v1/connections/" + aliceConnection, bobToken, null).statusCode()).isEqualTo(404);
        assertThat(JsonPath.from(service.send("GET", "/v1/connections/" + bobConnection + "/token", bobToken, null)
                .body()).getString("access_token")).isEqualTo(access);
        // the binding moved with its connections; alice, the owner of her personal project, sees it
        JsonPath bindings = JsonPath.from(service.send("GET", "/v1/bindings", aliceToken, null).body());
        assertThat(bindings.getList("items.id")).containsExactly(binding.toString());
        assertThat(bindings.getString("items[0].project")).isEqualTo(personal);
        assertThat(bindings.getList("items[0].connection_ids")).containsExactly(aliceConnection.toString());
        // old audit events belong to the project
        JsonPath audit = JsonPath.from(service.send("GET", "/v1/audit?project=~alice&action=token.read", aliceToken, null)
                .body());
        assertThat(audit.getList("items.connection_id")).contains(aliceConnection.toString());
        assertThat(audit.getList("items.project")).contains(personal);
    }

    static String login(String username) throws Exception {
        HttpResponse<String> response = service.send("POST", "/v1/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"tvtest-pw-" + username + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.from(response.body()).getString("access_token");
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    static void insert(Connection db, String sql, Object... values) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setObject(i + 1, values[i]);
            }
            st.executeUpdate();
        }
    }
}
