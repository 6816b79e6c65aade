package dev.tokenvault;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Finds the real PostgreSQL the tests run against, in this order:
 * <ol>
 * <li>a configured server: {@code TOKENVAULT_TEST_DB_URL} (a JDBC URL of a database the tests may own),
 * with {@code TOKENVAULT_TEST_DB_USER} / {@code TOKENVAULT_TEST_DB_PASSWORD};</li>
 * <li>Quarkus Dev Services, when a Docker engine answers;</li>
 * <li>the server on 127.0.0.1:5432 ({@code PGUSER}/{@code PGPASSWORD}, default user {@code postgres}), in a
 * database of its own that is created here and dropped when the tests end.</li>
 * </ol>
 * With none of them the test run fails at once with one line saying what to install.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    static final String LOCAL_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private String createdDatabase;
    private String user;
    private String password;
    private String jdbcUrl;

    @Override
    public Map<String, String> start() {
        String configured = System.getenv("TOKENVAULT_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            user = env("TOKENVAULT_TEST_DB_USER", "postgres");
            password = env("TOKENVAULT_TEST_DB_PASSWORD", "");
            jdbcUrl = configured;
            return datasource(configured, user, password);
        }
        if (dockerAnswers()) {
            return Map.of(); // Dev Services starts a PostgreSQL container
        }
        user = env("PGUSER", "postgres");
        password = env("PGPASSWORD", "");
        createdDatabase = "tokenvault_test_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect(LOCAL_ADMIN_URL); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + createdDatabase);
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for the tests: set TOKENVAULT_TEST_DB_URL, start Docker, "
                    + "or run PostgreSQL 13+ on 127.0.0.1:5432 (apt-get install postgresql) — " + e.getMessage());
        }
        jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/" + createdDatabase;
        return datasource(jdbcUrl, user, password);
    }

    /** The JDBC URL, user and password of the database this resource started (for tests that inspect it). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void stop() {
        if (createdDatabase == null) {
            return;
        }
        try (Connection admin = connect(LOCAL_ADMIN_URL); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + createdDatabase + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + createdDatabase + ": " + e.getMessage());
        }
    }

    /** The JDBC URL of the database the current test run uses (for tests that inspect it directly). */
    public static Map<String, String> datasource(String jdbcUrl, String user, String password) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        return config;
    }

    private Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, props);
    }

    private static boolean dockerAnswers() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        Path socket = Path.of("/var/run/docker.sock");
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
