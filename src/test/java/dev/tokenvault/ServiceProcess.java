package dev.tokenvault;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}, prod profile) as a process of its
 * own, for the {@code *IT} tests: launched with a given environment on free ports, talked to over real HTTP.
 */
public record ServiceProcess(Process process, int port, int managementPort) {

    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /**
     * The environment of a prod-profile replica on this database: fresh encryption and JWT signing keys (the same for
     * every replica launched with it), the first administrator, no scheduler, and plain http allowed for the tests'
     * local endpoints.
     */
    public static Map<String, String> environment(Map<String, String> datasource, String adminPassword)
            throws Exception {
        Path keys = Files.createDirectories(Path.of("target/it-keys"));
        Path pem = Files.createTempFile(keys, "jwt-signing-key", ".pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        byte[] aes = new byte[32];
        new SecureRandom().nextBytes(aes);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", datasource.get("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", datasource.get("quarkus.datasource.reactive.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", datasource.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", datasource.get("quarkus.datasource.password"));
        env.put("TOKENVAULT_ENCRYPTION_KEYS", "it1:" + Base64.getEncoder().encodeToString(aes));
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", pem.toAbsolutePath().toString());
        env.put("TOKENVAULT_ADMIN_USERNAME", "admin");
        env.put("TOKENVAULT_ADMIN_PASSWORD", adminPassword);
        env.put("TOKENVAULT_REFRESH_SCHEDULER_ENABLED", "false");
        env.put("TOKENVAULT_ALLOW_INSECURE_URLS", "true"); // the tests' endpoints are plain http on loopback
        return env;
    }

    /** Launches a replica; its output goes to {@code target/it-replica-<name>.log}. */
    public static ServiceProcess launch(String name, Map<String, String> env) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(new File("target/it-replica-" + name + ".log"));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        return new ServiceProcess(builder.start(), port, managementPort);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the replica answers ready on its management port (it fails when the process exits). */
    public ServiceProcess awaitReady() {
        Awaitility.await("replica ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("replica exited: see target/it-replica-*.log");
                    }
                    try {
                        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready"))).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false; // starting
                    }
                });
        return this;
    }

    /** One request, with a JSON body when {@code json} is given and a bearer token when {@code token} is. */
    public HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
