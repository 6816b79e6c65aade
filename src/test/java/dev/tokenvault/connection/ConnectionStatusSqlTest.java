package dev.tokenvault.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SQL form of the status derivation (used to filter lists in the database) gives, for every case of
 * {@link ConnectionStatusCases}, the status the Java form gives. The rows are this test's own connections.
 */
@QuarkusTest
class ConnectionStatusSqlTest {

    @Test
    void sqlAndJavaAgreeOnEveryCase() throws Exception {
        String user = Api.newUser();
        String provider = Api.newProvider(); // refresh skew 60 s, as the cases assume
        Api.as(Api.adminToken()).contentType("application/json")
                .body(Map.of("token_url", "https://oauth.example.test/token", "client_id", "c",
                        "refresh_skew_seconds", ConnectionStatusCases.SKEW))
                .put("/v1/providers/" + provider).then().statusCode(200);
        List<ConnectionStatusCases.Case> cases = ConnectionStatusCases.all().toList();
        try (Connection db = Api.jdbc()) {
            Instant now = now(db);
            for (ConnectionStatusCases.Case c : cases) {
                String id = Api.newConnection(user, provider, Map.of());
                ConnectionStatus.Facts facts = c.facts(now);
                try (PreparedStatement update = db.prepareStatement(
                        "UPDATE connections SET state = ?, access_token = CASE WHEN ? THEN access_token END, "
                                + "expires_at = ? WHERE id = ?::uuid")) {
                    update.setString(1, facts.state().name());
                    update.setBoolean(2, facts.hasToken());
                    update.setTimestamp(3, facts.expiresAt() == null ? null : Timestamp.from(facts.expiresAt()));
                    update.setString(4, id);
                    update.executeUpdate();
                }
                try (PreparedStatement query = db.prepareStatement("SELECT " + ConnectionStatus.SQL
                        + " FROM connections c JOIN providers p ON p.name = c.provider WHERE c.id = ?::uuid")) {
                    query.setString(1, id);
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        ConnectionStatus java = ConnectionStatus.of(new ConnectionStatus.Facts(facts.state(),
                                facts.hasToken(), facts.expiresAt(), ConnectionStatusCases.SKEW, now(db)));
                        assertThat(rs.getString(1)).as(c.name()).isEqualTo(java.name()).isEqualTo(c.expected().name());
                    }
                }
            }
        }
    }

    private static Instant now(Connection db) throws Exception {
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
