package dev.tokenvault.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exponential back-off with equal jitter: bounds at the smallest and the largest draw. */
class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15));

    @ParameterizedTest(name = "after {0} failures: {1}..{2} ms")
    @CsvSource({
            "1,     2500,   5000",
            "2,     5000,  10000",
            "3,    10000,  20000",
            "5,    40000,  80000",
            "8,   320000, 640000",
            "9,   450000, 900000", // capped at 15 minutes
            "40,  450000, 900000", // no overflow however long the run
            "0,     2500,   5000" })
    void delaysDoubleBetweenHalfAndAllOfTheCeiling(int failures, long lowest, long highest) {
        assertThat(backoff.after(failures, bound -> 0).toMillis()).isEqualTo(lowest);
        assertThat(backoff.after(failures, bound -> bound).toMillis()).isEqualTo(highest);
    }

    @Test
    void neverUnderASecond() {
        Backoff tiny = new Backoff(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(tiny.after(1, bound -> 0)).isEqualTo(Duration.ofSeconds(1));
    }
}
