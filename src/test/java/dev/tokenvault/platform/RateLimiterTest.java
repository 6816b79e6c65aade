package dev.tokenvault.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Token buckets driven by a hand-held clock (nanoseconds). */
class RateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    final RateLimiter limiter = new RateLimiter(60, 3, java.time.Clock.systemUTC());

    @Test
    void theBurstIsAdmittedAtOnceThenTheRate() {
        long now = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a", now)).isZero();
        }
        assertThat(limiter.tryAcquire("a", now)).isEqualTo(1); // one a second: retry after 1 s
        assertThat(limiter.tryAcquire("a", now + SECOND / 2)).isEqualTo(1);
        assertThat(limiter.tryAcquire("a", now + SECOND)).isZero();
        assertThat(limiter.tryAcquire("a", now + SECOND)).isEqualTo(1);
    }

    @Test
    void bucketsArePerKeyAndNeverHoldMoreThanTheBurst() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a", 0)).isZero();
        }
        assertThat(limiter.tryAcquire("b", 0)).isZero(); // another principal is not affected
        long hourLater = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a", hourLater)).isZero();
        }
        assertThat(limiter.tryAcquire("a", hourLater)).isPositive();
    }

    @Test
    void retryAfterGrowsWithTheDebt() {
        RateLimiter slow = new RateLimiter(1, 1, java.time.Clock.systemUTC()); // one a minute
        assertThat(slow.tryAcquire("k", 0)).isZero();
        assertThat(slow.tryAcquire("k", 0)).isEqualTo(60);
        assertThat(slow.tryAcquire("k", 30 * SECOND)).isEqualTo(30);
    }

    @Test
    void aFullMapForgetsRefilledBuckets() {
        RateLimiter many = new RateLimiter(60_000, 1, java.time.Clock.systemUTC());
        for (int i = 0; i < RateLimiter.MAX_KEYS; i++) {
            many.tryAcquire("k" + i, 0);
        }
        // a second later every bucket has refilled and holds nothing worth keeping
        assertThat(many.tryAcquire("new", SECOND)).isZero();
        assertThat(many.tryAcquire("k0", SECOND)).isZero();
    }
}
