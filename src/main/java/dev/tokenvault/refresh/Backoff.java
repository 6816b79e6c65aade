package dev.tokenvault.refresh;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with "equal jitter": after the n-th consecutive failure, a delay between half and all of
 * {@code base·2^(n-1)}, capped at {@code max}, and never under a second.
 */
public record Backoff(Duration base, Duration max) {

    static final Duration FLOOR = Duration.ofSeconds(1);

    /** The delay after {@code failures} consecutive failures; {@code random} picks in [0, bound]. */
    public Duration after(int failures, LongUnaryOperator random) {
        long baseMillis = base.toMillis();
        long exp = baseMillis << Math.min(20, Math.max(0, failures - 1));
        long ceiling = Math.min(max.toMillis(), exp);
        long millis = ceiling / 2 + random.applyAsLong(ceiling / 2);
        return Duration.ofMillis(Math.max(FLOOR.toMillis(), millis));
    }
}
