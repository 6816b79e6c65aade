package dev.tokenvault.refresh;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.tokenvault.PostgresTestResource;
import dev.tokenvault.TestTokenEndpoint;
import io.restassured.path.json.JsonPath;

/**
 * Two replicas of the packaged application (java -jar, prod profile) on different ports, sharing one
 * PostgreSQL: concurrent callers on both share exactly one upstream refresh, and a replica killed in the
 * middle of a refresh is taken over by the other once its lease expires.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshAcrossReplicasIT {

    static final String ADMIN_PASSWORD = "tvtest-admin-password-it";
    static final PostgresTestResource database = new PostgresTestResource();
    static final TestTokenEndpoint endpoint = TestTokenEndpoint.get();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static Replica a;
    static Replica b;
    static String adminToken;
    static String provider;

    record Replica(Process process, int port) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Map<String, String> db = database.start();
        Path keys = Files.createDirectories(Path.of("target/it-keys"));
        Path pem = keys.resolve("jwt-signing-key.pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        byte[] aes = new byte[32];
        new SecureRandom().nextBytes(aes);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.get("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.get("quarkus.datasource.reactive.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.get("quarkus.datasource.password"));
        env.put("TOKENVAULT_ENCRYPTION_KEYS", "it1:" + Base64.getEncoder().encodeToString(aes));
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", pem.toAbsolutePath().toString());
        env.put("TOKENVAULT_ADMIN_USERNAME", "admin");
        env.put("TOKENVAULT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("TOKENVAULT_REFRESH_SCHEDULER_ENABLED", "false");
        env.put("TOKENVAULT_REFRESH_LEASE_DURATION", "PT3S");
        a = launch("a", env);
        b = launch("b", env);
        awaitReady(a);
        awaitReady(b);
        adminToken = JsonPath.from(send(a, "POST", "/v1/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body()).getString("access_token");
        provider = "it-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> created = send(a, "POST", "/v1/providers", adminToken, """
                {"name":"%s","token_url":"%s","client_id":"%s","client_secret":"%s"}"""
                .formatted(provider, endpoint.tokenUrl(), TestTokenEndpoint.CLIENT_ID, TestTokenEndpoint.CLIENT_SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        for (Replica r : new Replica[] { a, b }) {
            if (r != null) {
                r.process().destroyForcibly();
            }
        }
        database.stop();
    }

    @Test
    @Order(1)
    void callersOnTwoReplicasShareOneUpstreamRefresh() throws Exception {
        String refresh = endpoint.issueRefreshToken();
        String id = expiredConnection(refresh);
        int before = endpoint.refreshCalls.get();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(sendAsync(i % 2 == 0 ? a : b, "/v1/connections/" + id + "/token"));
        }
        Set<String> tokens = new HashSet<>();
        for (var call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            tokens.add(JsonPath.from(response.body()).getString("access_token"));
        }
        assertThat(endpoint.refreshCalls.get() - before).isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    @Test
    @Order(2)
    void aReplicaKilledMidRefreshIsTakenOverAfterItsLeaseExpires() throws Exception {
        String refresh = endpoint.issueRefreshToken();
        String id = expiredConnection(refresh);
        int received = endpoint.refreshRequestsReceived.get();
        int answered = endpoint.refreshCalls.get();
        endpoint.delayMillis = 5_000;
        CompletableFuture<HttpResponse<String>> onA = sendAsync(a, "/v1/connections/" + id + "/token");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> endpoint.refreshRequestsReceived.get() > received);
        a.process().destroyForcibly().waitFor();
        endpoint.delayMillis = 0;
        Instant start = Instant.now();
        HttpResponse<String> onB = send(b, "GET", "/v1/connections/" + id + "/token", adminToken, null);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(onA).isCompletedExceptionally();
        // the killed replica's request reaches the endpoint's answer time and consumes nothing
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> endpoint.refreshRequestsFinished.get() == endpoint.refreshRequestsReceived.get());
        assertThat(endpoint.refreshCalls.get() - answered).isEqualTo(1);
        assertThat(endpoint.isUsable(refresh)).isFalse();
        assertThat(endpoint.reuseRefusals.get()).isZero();
    }

    static String expiredConnection(String refreshToken) throws Exception {
        HttpResponse<String> created = send(a, "POST", "/v1/connections", adminToken, """
                {"provider":"%s","external_account":"%s","access_token":"tvtest-at-old-%s","refresh_token":"%s",
                 "expires_at":"%s"}""".formatted(provider, "acct-" + System.nanoTime(), System.nanoTime(), refreshToken,
                Instant.now().minusSeconds(60)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.from(created.body()).getString("id");
    }

    static Replica launch(String name, Map<String, String> env) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(new File("target/it-replica-" + name + ".log"));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new Replica(builder.start(), port);
    }

    static void awaitReady(Replica replica) {
        Awaitility.await("replica ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!replica.process().isAlive()) {
                        throw new IllegalStateException("replica exited: see target/it-replica-*.log");
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(replica.url("/q/health/ready"))).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false; // starting
                    }
                });
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(Replica replica, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(replica.url(path)))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(Replica replica, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.url(path))).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
