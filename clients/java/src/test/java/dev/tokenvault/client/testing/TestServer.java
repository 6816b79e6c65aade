package dev.tokenvault.client.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The real tokenvault the client tests talk to: the server's packaged jar ({@code target/quarkus-app/quarkus-run.jar}
 * of the repository root) in the prod profile, on free loopback ports, with throwaway keys, on a database of its own,
 * and mock-oauth2-server (a real OAuth 2.0 / OIDC server library) as the OAuth provider behind the connections and
 * as the CI platform's token issuer. One per test JVM, started on first use and stopped (database dropped) when the
 * JVM exits. The server's log goes to {@code target/tokenvault-server.log}, which .ci/run scans for secrets.
 */
public final class TestServer {

    /** mock-oauth2-server issuer whose tokens live {@link #SHORT_LIVED_SECONDS}: providers whose tokens renew quickly. */
    public static final String SHORT_LIVED_ISSUER = "short-lived";
    public static final int SHORT_LIVED_SECONDS = 20;
    public static final String ADMIN = "admin";

    private static TestServer instance;

    private final MockOAuth2Server oauth2;
    private final ProviderGate gate;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final String adminPassword;
    private final Database database;

    private TestServer(MockOAuth2Server oauth2, ProviderGate gate, Process process, int port, int managementPort,
            String adminPassword, Database database) {
        this.oauth2 = oauth2;
        this.gate = gate;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.adminPassword = adminPassword;
        this.database = database;
    }

    /** The running server, started on first use. */
    public static synchronized TestServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "tokenvault-test-server-stop"));
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public MockOAuth2Server oauth2() {
        return oauth2;
    }

    /** The token endpoint tokenvault calls for providers of {@code issuerId} (mock-oauth2-server's, through the gate). */
    public String tokenUrl(String issuerId) {
        return gate.tokenUrl(issuerId);
    }

    /** The next refresh at providers of {@code issuerId} gets this answer instead of mock-oauth2-server's. */
    public void failNextRefresh(String issuerId, int status, String jsonBody) {
        gate.failNext(issuerId, new ProviderGate.Failure(status, "application/json", jsonBody));
    }

    /** How many refreshes of providers of {@code issuerId} reached mock-oauth2-server. */
    public int refreshes(String issuerId) {
        return gate.forwarded(issuerId);
    }

    String adminPassword() {
        return adminPassword;
    }

    private static TestServer start() {
        Path jar = serverJar();
        MockOAuth2Server oauth2 = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(), Set.of(new DefaultOAuth2TokenCallback(SHORT_LIVED_ISSUER, "provider-user",
                        "JWT", List.of("provider-api"), Map.of(), SHORT_LIVED_SECONDS))));
        oauth2.start(InetAddress.getLoopbackAddress(), 0);
        ProviderGate gate = new ProviderGate(URI.create(oauth2.baseUrl().toString()));
        Database database = Database.create();
        try {
            int port = freePort();
            int managementPort = freePort();
            String adminPassword = Arrange.secret("admin-password");
            Map<String, String> env = new HashMap<>(database.environment());
            env.putAll(keys());
            env.put("TOKENVAULT_ADMIN_USERNAME", ADMIN);
            env.put("TOKENVAULT_ADMIN_PASSWORD", adminPassword);
            env.put("TOKENVAULT_PUBLIC_URL", "http://127.0.0.1:" + port);
            env.put("TOKENVAULT_REFRESH_SCHEDULER_ENABLED", "false");
            env.put("TOKENVAULT_CHECK_SCHEDULER_ENABLED", "false");
            env.put("TOKENVAULT_ALLOW_INSECURE_URLS", "true"); // the provider and issuer are plain http on loopback
            env.put("TOKENVAULT_REFRESH_BACKOFF_BASE", "PT1S"); // a failed refresh answers Retry-After: 1
            env.put("TOKENVAULT_REFRESH_BACKOFF_MAX", "PT2S");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Files.createDirectories(Path.of("target"));
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(new File("target/tokenvault-server.log"));
            builder.environment().putAll(env);
            TestServer server = new TestServer(oauth2, gate, builder.start(), port, managementPort, adminPassword, database);
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            database.drop();
            oauth2.shutdown();
            gate.close();
            throw new IllegalStateException("the tokenvault server did not start (see target/tokenvault-server.log): "
                    + e.getMessage(), e);
        }
    }

    static Path serverJar() {
        String configured = System.getProperty("tokenvault.server.jar");
        Path jar = Path.of(configured != null ? configured : "../../target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the server jar " + jar + " is missing: run ./mvnw package in the "
                    + "repository root first (the client tests run against the real server)");
        }
        return jar;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with status " + process.exitValue());
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the server started");
            }
            try {
                Thread.sleep(200); // polling a starting process, not a clock margin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the server started");
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within 120 s");
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        oauth2.shutdown();
        gate.close();
        database.drop();
    }

    /** Throwaway AES and RSA keys for the prod profile (made fresh on every run; nothing here is a real key). */
    private static Map<String, String> keys() throws IOException {
        try {
            Path dir = Files.createDirectories(Path.of("target", "it-keys")).toAbsolutePath();
            Path pem = dir.resolve("jwt-signing-key.pem");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
            byte[] aes = new byte[32];
            new SecureRandom().nextBytes(aes);
            return Map.of("TOKENVAULT_ENCRYPTION_KEYS", "clients1:" + Base64.getEncoder().encodeToString(aes),
                    "SMALLRYE_JWT_SIGN_KEY_LOCATION", pem.toString());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The server's database: a schema of its own in {@code TOKENVAULT_TEST_DB_URL} when that is set (CI's service
     * container), else a database {@code tokenvault_test_<random>} on 127.0.0.1:5432 ({@code PGUSER}/
     * {@code PGPASSWORD}, default user postgres), created here and dropped at the end.
     */
    private record Database(String adminUrl, String user, String password, String jdbcUrl, String reactiveUrl,
            String schema, String createdDatabase) {

        static Database create() {
            String configured = System.getenv("TOKENVAULT_TEST_DB_URL");
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            if (configured != null && !configured.isBlank()) {
                String user = env("TOKENVAULT_TEST_DB_USER", "postgres");
                String password = env("TOKENVAULT_TEST_DB_PASSWORD", "");
                String schema = "tokenvault_clients_" + suffix;
                run(configured, user, password, "CREATE SCHEMA " + schema);
                String sep = configured.contains("?") ? "&" : "?";
                return new Database(configured, user, password, configured + sep + "currentSchema=" + schema,
                        configured.substring("jdbc:".length()) + sep + "search_path=" + schema, schema, null);
            }
            String user = env("PGUSER", "postgres");
            String password = env("PGPASSWORD", "");
            String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
            String name = "tokenvault_test_" + suffix;
            try {
                run(admin, user, password, "CREATE DATABASE " + name);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("no PostgreSQL for the tests: start one on 127.0.0.1:5432 (user "
                        + user + ", trust or PGPASSWORD) or set TOKENVAULT_TEST_DB_URL (" + e.getMessage() + ")", e);
            }
            String url = "jdbc:postgresql://127.0.0.1:5432/" + name;
            return new Database(admin, user, password, url, url.substring("jdbc:".length()), null, name);
        }

        Map<String, String> environment() {
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", user);
            env.put("QUARKUS_DATASOURCE_PASSWORD", password);
            if (schema != null) {
                env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
            }
            return env;
        }

        void drop() {
            try {
                if (schema != null) {
                    run(adminUrl, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } else if (createdDatabase != null) {
                    run(adminUrl, user, password, "DROP DATABASE IF EXISTS " + createdDatabase + " WITH (FORCE)");
                }
            } catch (RuntimeException e) {
                System.err.println("could not drop the test database: " + e.getMessage());
            }
        }

        private static void run(String url, String user, String password, String sql) {
            try (Connection db = DriverManager.getConnection(url, user, password); Statement st = db.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
