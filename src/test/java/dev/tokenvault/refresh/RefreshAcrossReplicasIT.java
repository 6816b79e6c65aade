package dev.tokenvault.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.tokenvault.ServiceProcess;
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
    static ServiceProcess a;
    static ServiceProcess b;
    static String adminToken;
    static String provider;
    /** A provider registered as rotating its refresh tokens (the test endpoint does, and refuses reuse). */
    static String rotating;
    static Map<String, String> env;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        env = ServiceProcess.environment(database.start(), ADMIN_PASSWORD);
        env.put("TOKENVAULT_REFRESH_LEASE_DURATION", "PT3S");
        // a lease whose refresh may have reached the provider is taken over after the holder's write-retry window
        // (longer than the outage of the database-outage test, so the holder still writes its pair after it)
        env.put("TOKENVAULT_REFRESH_COMMIT_RETRY", "PT10S");
        a = ServiceProcess.launch("a", env);
        b = ServiceProcess.launch("b", env);
        a.awaitReady();
        b.awaitReady();
        adminToken = JsonPath.from(send(a, "POST", "/v1/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body()).getString("access_token");
        provider = "it-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> created = send(a, "POST", "/v1/providers", adminToken, """
                {"name":"%s","token_url":"%s","client_id":"%s","client_secret":"%s","rotates_refresh_tokens":false}"""
                .formatted(provider, endpoint.tokenUrl(), TestTokenEndpoint.CLIENT_ID, TestTokenEndpoint.CLIENT_SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        rotating = "it-rot-" + Long.toHexString(System.nanoTime());
        created = send(a, "POST", "/v1/providers", adminToken, """
                {"name":"%s","token_url":"%s","client_id":"%s","client_secret":"%s","rotates_refresh_tokens":true}"""
                .formatted(rotating, endpoint.tokenUrl(), TestTokenEndpoint.CLIENT_ID, TestTokenEndpoint.CLIENT_SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @org.junit.jupiter.api.AfterEach
    void resetEndpoint() {
        endpoint.reset();
    }

    /** Starts replica A again when a test killed it. */
    static void aliveA() throws Exception {
        if (!a.process().isAlive()) {
            a = ServiceProcess.launch("a2", env).awaitReady();
        }
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess r : new ServiceProcess[] { a, b }) {
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
        return expiredConnection(provider, refreshToken);
    }

    static String expiredConnection(String providerName, String refreshToken) throws Exception {
        HttpResponse<String> created = send(b, "POST", "/v1/connections", adminToken, """
                {"provider":"%s","external_account":"%s","access_token":"tvtest-at-old-%s","refresh_token":"%s",
                 "expires_at":"%s"}""".formatted(providerName, "acct-" + System.nanoTime(), System.nanoTime(),
                refreshToken, Instant.now().minusSeconds(60)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.from(created.body()).getString("id");
    }

    @Test
    @Order(3)
    void aReplicaKilledAfterARotatingProviderConsumedTheTokenReusesNothing() throws Exception {
        aliveA();
        String refresh = endpoint.issueRefreshToken();
        String id = expiredConnection(rotating, refresh);
        int received = endpoint.refreshRequestsReceived.get();
        endpoint.consumeOnArrival = true; // the provider rotates at once; its answer never reaches the dead replica
        endpoint.delayMillis = 5_000;
        sendAsync(a, "/v1/connections/" + id + "/token");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.refreshRequestsReceived.get() > received);
        a.process().destroyForcibly().waitFor();
        HttpResponse<String> onB = send(b, "GET", "/v1/connections/" + id + "/token", adminToken, null);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(409);
        assertThat(JsonPath.from(onB.body()).getString("code")).isEqualTo("needs_reauth");
        assertThat(endpoint.presented(refresh)).isEqualTo(1); // nothing reused
        assertThat(endpoint.reuseRefusals.get()).isZero();
        HttpResponse<String> status = send(b, "GET", "/v1/connections/" + id + "/status", adminToken, null);
        assertThat(JsonPath.from(status.body()).getString("status")).isEqualTo("NEEDS_REAUTH");
        assertThat(JsonPath.from(status.body()).getString("reason")).isEqualTo("refresh_interrupted");
        // nothing stored was lost: the refresh token is still there for the record, a reconnect replaces it
        assertThat(count("SELECT count(*) FROM connections WHERE id = '" + id + "' AND refresh_token IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void aDatabaseOutageLongerThanTheLeaseUsesNoRefreshTokenTwice() throws Exception {
        aliveA();
        String refresh = endpoint.issueRefreshToken();
        String id = expiredConnection(rotating, refresh);
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean();
        endpoint.beforeAnswer = () -> { // A has the new pair in hand; the database goes for longer than lease + grace
            takeDatabaseAway(Duration.ofSeconds(6)); // longer than the lease, shorter than the write retry
            away.set(true);
        };
        CompletableFuture<HttpResponse<String>> onA = sendAsync(a, "/v1/connections/" + id + "/token");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(away);
        endpoint.beforeAnswer = null;
        // B is asked over and over, through the outage and after it
        String fromB = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (fromB == null && System.nanoTime() < deadline) {
            HttpResponse<String> r = send(b, "GET", "/v1/connections/" + id + "/token", adminToken, null);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 409, 503);
            if (r.statusCode() == 200) {
                fromB = JsonPath.from(r.body()).getString("access_token");
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // pacing
            }
        }
        assertThat(fromB).isNotNull();
        assertThat(endpoint.presented(refresh)).isEqualTo(1); // the refresh token was used once, by A
        assertThat(endpoint.reuseRefusals.get()).isZero();
        HttpResponse<String> status = send(b, "GET", "/v1/connections/" + id + "/status", adminToken, null);
        assertThat(JsonPath.from(status.body()).getString("status")).as(status.body()).isEqualTo("VALID");
        onA.handle((r, e) -> null).get();
    }

    @Test
    @Order(5)
    void aDatabaseRestartUnderLoadAnswersOnly503sAndAuditsEverySuccess() throws Exception {
        aliveA();
        String id = expiredConnection(provider, endpoint.issueRefreshToken());
        send(b, "GET", "/v1/connections/" + id + "/token", adminToken, null); // refreshed once, valid for an hour
        java.util.concurrent.ConcurrentLinkedQueue<HttpResponse<String>> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (ServiceProcess r : new ServiceProcess[] { a, b }) {
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            answers.add(send(r, "GET", "/v1/connections/" + id + "/token", adminToken, null));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                t.start();
                load.add(t);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() > 50);
        takeDatabaseAway(Duration.ofSeconds(4));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream().anyMatch(r -> r.statusCode() == 503));
        // after the outage: successes again, from both replicas, without restarting them
        int during = answers.size();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> answers
                .stream().skip(during).filter(r -> r.statusCode() == 200).count() > 20);
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        List<HttpResponse<String>> all = new ArrayList<>(answers);
        assertThat(all).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
            if (r.statusCode() == 503) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
        });
        // the last answers, well after the outage, are all successes
        List<HttpResponse<String>> last = all.subList(Math.max(0, all.size() - 20), all.size());
        assertThat(last).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(a.process().isAlive()).isTrue();
        assertThat(b.process().isAlive()).isTrue();
        long handedOut = all.stream().filter(r -> r.statusCode() == 200).count() + 1;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM audit_events WHERE "
                + "action = 'token.read' AND outcome = 'success' AND connection_id = '" + id + "'") == handedOut);
    }

    /** Terminates every connection to the test database and refuses new ones for {@code outage}. */
    static void takeDatabaseAway(Duration outage) {
        String url = database.jdbcUrl();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(admin, database.user(), database.password());
                java.sql.Statement st = db.createStatement()) {
            st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        java.util.concurrent.CompletableFuture.delayedExecutor(outage.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try (java.sql.Connection db = java.sql.DriverManager.getConnection(admin, database.user(), database.password());
                            java.sql.Statement st = db.createStatement()) {
                        st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    static long count(String sql) {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                java.sql.Statement st = db.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(ServiceProcess replica, String path) {
        return ServiceProcess.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(replica.url(path)))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(ServiceProcess replica, String method, String path, String token, String json)
            throws Exception {
        return replica.send(method, path, token, json);
    }
}
