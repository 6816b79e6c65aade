package dev.tokenvault.client;

import java.time.Duration;

/** How the client waits between retries; the tests count the waits instead of sleeping through them. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
