package dev.tokenvault.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.PostgresTestResource;

/**
 * Several replicas starting at once all run the Flyway migrations ({@code quarkus.flyway.migrate-at-start}).
 * Flyway serialises them on a PostgreSQL advisory lock: exactly one applies each migration, the others wait
 * and find nothing left to do, and none fails. Shown here with four Flyway instances released together
 * against an empty database (a schema of its own when the tests use a configured, shared database).
 */
class FlywayConcurrentMigrationTest {

    private static final int REPLICAS = 4;

    private final PostgresTestResource database = new PostgresTestResource();
    private String url;
    private String user;
    private String password;
    private String schema;

    @BeforeEach
    void emptyDatabase() throws SQLException {
        Map<String, String> config = database.start();
        url = config.get("quarkus.datasource.jdbc.url");
        user = config.get("quarkus.datasource.username");
        password = config.get("quarkus.datasource.password");
        Assumptions.assumeTrue(url != null, "the tests use Dev Services; no direct database here");
        if (System.getenv("TOKENVAULT_TEST_DB_URL") != null && !System.getenv("TOKENVAULT_TEST_DB_URL").isBlank()) {
            schema = "flyway_race_" + UUID.randomUUID().toString().substring(0, 8);
            execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        database.stop();
    }

    @Test
    void replicasMigratingAtOnceApplyEachMigrationExactlyOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(REPLICAS);
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                results.add(replicas.submit(() -> {
                    Flyway flyway = flyway();
                    start.await(30, TimeUnit.SECONDS);
                    return flyway.migrate();
                }));
            }
            List<MigrateResult> done = new ArrayList<>();
            for (Future<MigrateResult> result : results) {
                done.add(result.get(120, TimeUnit.SECONDS)); // a failed migrate throws here
            }

            int available = flyway().info().all().length;
            assertThat(available).isPositive();
            assertThat(done).allMatch(r -> r.success);
            assertThat(done.stream().mapToInt(r -> r.migrationsExecuted).sum()).as("migrations applied in all")
                    .isEqualTo(available);
            assertThat(count("SELECT count(*) FROM " + history())).isEqualTo(available);
            assertThat(count("SELECT count(DISTINCT version) FROM " + history() + " WHERE success")).isEqualTo(available);
            assertThat(count("SELECT count(*) FROM " + history() + " WHERE NOT success")).isZero();
        } finally {
            replicas.shutdownNow();
        }
    }

    private Flyway flyway() {
        var configuration = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
        if (schema != null) {
            configuration.schemas(schema).createSchemas(false);
        }
        return configuration.load();
    }

    private String history() {
        return (schema == null ? "" : schema + ".") + "flyway_schema_history";
    }

    private long count(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, user, password); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, user, password); Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }
}
