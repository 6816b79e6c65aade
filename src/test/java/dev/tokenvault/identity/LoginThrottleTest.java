package dev.tokenvault.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A username under attack from many addresses: each attempt waits longer, never more than 5 s. */
class LoginThrottleTest {

    @ParameterizedTest(name = "{0} failures -> {1} ms")
    @CsvSource({ "0, 0", "4, 0", "5, 100", "6, 200", "7, 400", "10, 3200", "11, 5000", "49, 5000", "1000, 5000" })
    void delayDoublesFromTheLimitAndIsCapped(long failures, long millis) {
        assertThat(LoginThrottle.delay(failures, 5)).isEqualTo(Duration.ofMillis(millis));
    }
}
