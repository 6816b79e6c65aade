package dev.tokenvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tokenvault.client.testing.MutableClock;

/** The cache's rules on a counting fetcher and a clock the test moves: fast, no server. */
class TokenCacheTest {

    final MutableClock clock = new MutableClock();
    final AtomicInteger fetches = new AtomicInteger();
    final TokenKey key = TokenKey.of("p", "github", "s");

    AccessToken token(String value, Duration life) {
        return new AccessToken(value, "Bearer", life == null ? null : clock.instant().plus(life), List.of(),
                clock.instant());
    }

    @Test
    void concurrentCallersShareOneFetchAndFailuresAreNotCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = new TokenCache((k, ttl, force) -> {
            fetches.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return token("v" + fetches.get(), Duration.ofHours(1));
        }, clock, Duration.ofMinutes(5));
        List<CompletableFuture<AccessToken>> callers = IntStream.range(0, 50)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> cache.get(key, Duration.ofSeconds(60)))).toList();
        while (fetches.get() == 0) {
            Thread.onSpinWait();
        }
        release.countDown();
        assertThat(callers.stream().map(CompletableFuture::join).map(AccessToken::value).distinct()).containsExactly("v1");
        assertThat(fetches).hasValue(1);

        TokenCache failing = new TokenCache((k, ttl, force) -> {
            fetches.incrementAndGet();
            throw new NotFoundException(404, "not_found", "gone", "GET /x");
        }, clock, Duration.ofMinutes(5));
        assertThatThrownBy(() -> failing.get(key, Duration.ZERO)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> failing.get(key, Duration.ZERO)).isInstanceOf(NotFoundException.class);
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aTokenIsKeptUntilExpiryMinusMinTtlAndOneWithoutExpiryForTheMaximumAge() {
        TokenCache cache = new TokenCache((k, ttl, force) -> token("v" + fetches.incrementAndGet(),
                k.equals(key) ? Duration.ofSeconds(600) : null), clock, Duration.ofMinutes(5));
        cache.get(key, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(539));
        assertThat(cache.get(key, Duration.ofSeconds(60)).value()).isEqualTo("v1");
        assertThat(cache.get(key, Duration.ofSeconds(100)).value()).as("wants more than is left").isEqualTo("v2");
        clock.advance(Duration.ofSeconds(541));
        assertThat(cache.get(key, Duration.ofSeconds(60)).value()).isEqualTo("v3");

        TokenKey forever = TokenKey.connection("static");
        assertThat(cache.get(forever, Duration.ofSeconds(60)).expiresAt()).isNull();
        clock.advance(Duration.ofMinutes(4));
        assertThat(cache.get(forever, Duration.ofDays(1)).value()).isEqualTo("v4");
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.get(forever, Duration.ofSeconds(60)).value()).isEqualTo("v5");
    }

    @Test
    void aRefusalIsRefreshedOnceAndAnAlreadyReplacedTokenIsNotRefreshedAgain() {
        AtomicInteger forced = new AtomicInteger();
        TokenCache cache = new TokenCache((k, ttl, force) -> {
            if (force) {
                forced.incrementAndGet();
            }
            return token("v" + fetches.incrementAndGet(), Duration.ofHours(1));
        }, clock, Duration.ofMinutes(5));
        AccessToken first = cache.get(key, Duration.ofSeconds(60));
        AccessToken renewed = cache.refreshAfterRefusal(key, first, Duration.ofSeconds(60));
        assertThat(renewed.value()).isEqualTo("v2");
        assertThat(cache.refreshAfterRefusal(key, first, Duration.ofSeconds(60)).value()).as("reported late")
                .isEqualTo("v2");
        assertThat(forced).hasValue(1);
        assertThat(cache.get(key, Duration.ofSeconds(60)).value()).isEqualTo("v2");
    }
}
