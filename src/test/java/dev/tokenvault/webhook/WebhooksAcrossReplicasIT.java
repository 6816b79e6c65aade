package dev.tokenvault.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.tokenvault.PostgresTestResource;
import dev.tokenvault.ServiceProcess;
import io.restassured.path.json.JsonPath;

/**
 * Two replicas of the packaged application deliver the webhooks of 1 000 events while one of them is killed
 * mid-run: every event arrives, correctly signed, and duplicates stay below 1 %.
 */
class WebhooksAcrossReplicasIT {

    static final String ADMIN_PASSWORD = "tvtest-admin-password-webhooks";
    static final int EVENTS = 1000;
    static final PostgresTestResource database = new PostgresTestResource();
    static final List<ServiceProcess> replicas = new ArrayList<>();
    static HttpServer receiver;

    @AfterAll
    static void stop() {
        replicas.forEach(r -> r.process().destroyForcibly());
        if (receiver != null) {
            receiver.stop(0);
        }
        database.stop();
    }

    @Test
    void everyEventArrivesOnceEnoughWhenAReplicaDiesMidRun() throws Exception {
        Map<String, String> env = ServiceProcess.environment(database.start(), ADMIN_PASSWORD);
        env.put("TOKENVAULT_WEBHOOKS_POLL_INTERVAL", "PT0.2S");
        env.put("TOKENVAULT_WEBHOOKS_RETRY_SCHEDULE", "PT1S,PT1S,PT2S,PT2S,PT5S");
        ServiceProcess a = ServiceProcess.launch("webhooks-a", env);
        ServiceProcess b = ServiceProcess.launch("webhooks-b", env);
        replicas.add(a);
        replicas.add(b);
        a.awaitReady();
        b.awaitReady();

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        AtomicInteger badSignatures = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        String[] secret = new String[1];
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (!WebhookSignature.sign(secret[0], id, timestamp, body).equals(signature)) {
                badSignatures.incrementAndGet();
            }
            received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        String admin = JsonPath.from(b.send("POST", "/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\""
                + ADMIN_PASSWORD + "\"}").body()).getString("access_token");
        send(b, "POST", "/v1/projects", admin, "{\"name\":\"hooks-it\"}", 201);
        send(b, "POST", "/v1/providers", admin, "{\"name\":\"it\",\"token_url\":\"https://oauth.example.test/token\","
                + "\"client_id\":\"c\",\"client_secret\":\"tvtest-it-secret\"}", 201);
        String hook = send(b, "POST", "/v1/projects/hooks-it/webhooks", admin, "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\",\"events\":[\"connection.created\"]}", 201);
        secret[0] = JsonPath.from(hook).getString("secret");

        // 1 000 events from both replicas; replica A is killed once a third have arrived
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            int n = i;
            calls.add(callers.submit(() -> {
                ServiceProcess target = n % 2 == 0 && a.process().isAlive() ? a : b;
                String body = "{\"project\":\"hooks-it\",\"provider\":\"it\",\"subject\":\"s-" + n
                        + "\",\"access_token\":\"tvtest-at-" + n + "\"}";
                try {
                    target.send("POST", "/v1/connections", admin, body);
                } catch (Exception aReplicaWentAway) {
                    b.send("POST", "/v1/connections", admin, body); // the client tries the other replica
                }
                return null;
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= EVENTS / 3);
        a.process().destroyForcibly().waitFor();
        for (Future<?> call : calls) {
            call.get();
        }
        callers.shutdown();

        long stored = count("SELECT count(*) FROM connections");
        assertThat(stored).isEqualTo(EVENTS);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> received.size() >= stored);
        // deliveries the killed replica had sent but not recorded are sent again once their lease runs out
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'") == stored);
        int duplicates = total.get() - received.size();
        System.out.printf("webhooks across replicas: %d events, %d receipts, %d duplicates%n", stored, total.get(),
                duplicates);
        assertThat(received).hasSize((int) stored);
        assertThat(duplicates).as(duplicates + " duplicates of " + stored).isLessThan((int) (stored / 100));
        assertThat(badSignatures.get()).isZero();
    }

    static String send(ServiceProcess replica, String method, String path, String token, String json, int expected)
            throws Exception {
        HttpResponse<String> response = replica.send(method, path, token, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }

    static long count(String sql) {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password()); java.sql.Statement st = db.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
