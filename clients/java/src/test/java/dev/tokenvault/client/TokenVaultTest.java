package dev.tokenvault.client;

import static dev.tokenvault.client.testing.Arrange.newApiKey;
import static dev.tokenvault.client.testing.Arrange.newConnection;
import static dev.tokenvault.client.testing.Arrange.newProject;
import static dev.tokenvault.client.testing.Arrange.newProvider;
import static dev.tokenvault.client.testing.Arrange.newUser;
import static dev.tokenvault.client.testing.Arrange.sha256;
import static dev.tokenvault.client.testing.Arrange.tokenReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.Arrange.Person;
import dev.tokenvault.client.testing.Arrange.Provider;
import dev.tokenvault.client.testing.MutableClock;

/** The library against the real server: cache, single flight, Retry-After, typed errors, nothing secret shown. */
class TokenVaultTest {

    /** A member's project with one connection and a tokens:read API key of the project. */
    record Setup(Person owner, String project, Provider provider, String subject, String connectionId,
            String accessToken, String apiKey) {
    }

    static Setup setup(Map<String, Object> connectionFields) {
        Person owner = newUser();
        String project = newProject(owner);
        Provider provider = newProvider();
        String subject = Arrange.unique("company");
        String access = Arrange.secret("access");
        Map<String, Object> fields = new java.util.HashMap<>(connectionFields);
        fields.putIfAbsent("access_token", access);
        String id = newConnection(owner, project, provider, subject, fields);
        return new Setup(owner, project, provider, subject, id, (String) fields.get("access_token"),
                newApiKey(owner, project, "tokens:read"));
    }

    static TokenVault.Builder vault(Setup s) {
        return TokenVault.builder().baseUrl(Arrange.url()).apiKey(s.apiKey()).appName("client-tests");
    }

    @Test
    void aHundredThreadsAskingForOneKeyMakeOneRequest() throws Exception {
        Setup s = setup(Map.of());
        TokenVault vault = vault(s).build();
        int threads = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<AccessToken>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return vault.token(s.project(), s.provider().name(), s.subject());
                }));
            }
            start.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<AccessToken> answer : answers) {
                seen.add(sha256(answer.get().value()));
            }
            assertThat(seen).containsExactly(sha256(s.accessToken()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokenReads(s.owner(), s.connectionId())).as("requests that reached the server").isEqualTo(1);

        // later callers are answered from the cache
        for (int i = 0; i < 50; i++) {
            vault.token(s.project(), s.provider().name(), s.subject());
        }
        assertThat(tokenReads(s.owner(), s.connectionId())).isEqualTo(1);
        // the key by connection id is a key of its own
        assertThat(sha256(vault.token(s.connectionId()).value())).isEqualTo(sha256(s.accessToken()));
        assertThat(tokenReads(s.owner(), s.connectionId())).isEqualTo(2);
    }

    @Test
    void aTokenIsCachedUntilItsExpiryMinusMinTtl() {
        Setup s = setup(Map.of("expires_in", 3600));
        MutableClock clock = new MutableClock();
        TokenVault vault = vault(s).clock(clock).minTtl(Duration.ofSeconds(60)).build();

        AccessToken first = vault.token(s.connectionId());
        assertThat(first.expiresAt()).isAfter(Instant.now().plusSeconds(3500));
        Duration untilRenewal = Duration.between(clock.instant(), first.expiresAt().minusSeconds(60));

        clock.advance(untilRenewal.minusSeconds(2));
        vault.token(s.connectionId());
        assertThat(tokenReads(s.owner(), s.connectionId())).isEqualTo(1);

        clock.advance(Duration.ofSeconds(3)); // now less than min_ttl is left: ask again
        vault.token(s.connectionId());
        assertThat(tokenReads(s.owner(), s.connectionId())).isEqualTo(2);

        // a caller wanting more than the cached token has left asks the server
        vault.token(s.connectionId(), Duration.ofSeconds(3000));
        assertThat(tokenReads(s.owner(), s.connectionId())).isEqualTo(3);
    }

    @Test
    void retryAfterIsWaitedForAndTheRetrySucceeds() {
        Setup s = setup(Map.of("expires_at", Instant.now().minusSeconds(60).toString()));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        TokenVault vault = vault(s).sleeper(d -> {
            waits.add(d);
            Sleeper.REAL.sleep(d); // the server's back-off is real: wait as long as it said
        }).build();

        Arrange.server().failNextRefresh(s.provider().issuerId(), 503, "{\"error\":\"temporarily_unavailable\"}");
        AccessToken token = vault.token(s.project(), s.provider().name(), s.subject());

        assertThat(token.value()).startsWith("eyJ"); // refreshed at mock-oauth2-server: a JWT, not the stored one
        assertThat(waits).isNotEmpty().allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
        List<String> outcomes = Arrange.events(s.owner(), s.connectionId(), "token.read").stream()
                .map(e -> e.path("outcome").asText() + " " + e.path("status_code").asText()).toList();
        assertThat(outcomes).contains("success 200").anyMatch(o -> o.endsWith("503"));
    }

    @Test
    void withoutRetriesTheTypedExceptionSaysWhenToRetry() {
        Setup s = setup(Map.of("expires_at", Instant.now().minusSeconds(60).toString()));
        TokenVault vault = vault(s).maxRetries(0).build();
        Arrange.server().failNextRefresh(s.provider().issuerId(), 502, "{}");

        ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class,
                () -> vault.token(s.connectionId()));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("provider_unavailable");
        assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(e.retryAt()).isAfter(Instant.now().minusSeconds(1));
        assertThat(e.getMessage()).startsWith("GET /v1/connections/" + s.connectionId() + "/token: 503")
                .doesNotContain("tvtest-").doesNotContain("tvk_");
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsNotWaitedFor() {
        Setup s = setup(Map.of("expires_at", Instant.now().minusSeconds(60).toString()));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        TokenVault vault = vault(s).maxRetryWait(Duration.ofMillis(500)).sleeper(waits::add).build();
        Arrange.server().failNextRefresh(s.provider().issuerId(), 503, "{}");

        assertThatThrownBy(() -> vault.token(s.connectionId())).isInstanceOf(ProviderUnavailableException.class);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRefusedRefreshTokenIsNeedsReauthWithItsReason() {
        Setup s = setup(Map.of("expires_at", Instant.now().minusSeconds(60).toString()));
        TokenVault vault = vault(s).build();
        Arrange.server().failNextRefresh(s.provider().issuerId(), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}");

        NeedsReauthException e = catchThrowableOfType(NeedsReauthException.class,
                () -> vault.token(s.project(), s.provider().name(), s.subject()));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.reason()).isEqualTo("invalid_grant");
        assertThat(e.getMessage()).doesNotContain("tvtest-");
        assertThat(vault.status(TokenKey.of(s.project(), s.provider().name(), s.subject())).needsReauth()).isTrue();
        // not cached: every call tells the caller again, and costs no upstream call
        assertThatThrownBy(() -> vault.token(s.connectionId())).isInstanceOf(NeedsReauthException.class);
    }

    @Test
    void unknownKeysAndBadCredentialsAreTypedToo() {
        Setup s = setup(Map.of());
        TokenVault vault = vault(s).build();
        assertThatThrownBy(() -> vault.token(s.project(), s.provider().name(), "nobody-" + s.subject()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("404 not_found");
        assertThatThrownBy(() -> vault.token(java.util.UUID.randomUUID().toString()))
                .isInstanceOf(NotFoundException.class);

        TokenVault wrongKey = TokenVault.builder().baseUrl(Arrange.url()).apiKey("tvk_" + "0".repeat(30) + "_000000")
                .build();
        assertThatThrownBy(() -> wrongKey.token(s.connectionId())).isInstanceOf(NotAuthenticatedException.class)
                .hasMessageNotContaining("tvk_");

        TokenVault nowhere = TokenVault.builder().baseUrl("http://127.0.0.1:1").apiKey(s.apiKey()).maxRetries(1)
                .sleeper(d -> { }).build();
        ServiceUnavailableException down = catchThrowableOfType(ServiceUnavailableException.class,
                () -> nowhere.token(s.connectionId()));
        assertThat(down.status()).isZero();
        assertThat(down.getMessage()).contains("cannot be reached").doesNotContain("tvk_");
    }

    @Test
    void noTokenOrKeyInAnyToString() {
        Setup s = setup(Map.of());
        TokenVault vault = vault(s).build();
        AccessToken token = vault.token(s.connectionId());
        assertThat(token.toString()).doesNotContain(s.accessToken()).contains("redacted");
        assertThat(vault.toString()).doesNotContain(s.apiKey()).contains("API key");
        assertThat(TokenKey.connection(s.connectionId()).toString()).contains(s.connectionId());
        ApiKey key = TokenVault.builder().baseUrl(Arrange.url()).bearer(s.owner().token()).build()
                .createApiKey(s.project(), Arrange.unique("k"), List.of("tokens:read"), null, null);
        assertThat(key.key()).startsWith("tvk_");
        assertThat(key.toString()).doesNotContain(key.key());
    }
}
