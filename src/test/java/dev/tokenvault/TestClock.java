package dev.tokenvault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * The clock of the @QuarkusTest application (it replaces the system clock bean of dev.tokenvault.platform.Clocks):
 * the system clock, which a test may move forward or stop instead of sleeping against a margin. Every test that
 * moves or stops it puts it back ({@link #reset()}).
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().plus(offset);
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        Instant frozen = frozenAt;
        if (frozen != null) {
            frozenAt = frozen.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    /** Stops the clock where it is. */
    public void freeze() {
        frozenAt = instant();
    }

    /** Back to the system clock. */
    public void reset() {
        frozenAt = null;
        offset = Duration.ZERO;
    }
}
