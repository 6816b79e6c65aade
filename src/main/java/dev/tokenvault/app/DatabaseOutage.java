package dev.tokenvault.app;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests refused because the database could not be reached. The first one of an outage is logged, then at
 * most one summary line every half minute (a thousand refused requests are not a thousand log lines); each is
 * counted in {@code tokenvault_database_unavailable_total}.
 */
@ApplicationScoped
public class DatabaseOutage {

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    static final long RETRY_AFTER_SECONDS = 5;
    static final Duration LOG_EVERY = Duration.ofSeconds(30);

    private final Counter refused;
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong sinceLogged = new AtomicLong();

    public DatabaseOutage(MeterRegistry meters) {
        this.refused = Counter.builder("tokenvault.database.unavailable")
                .description("requests answered 503 because the database could not be reached").register(meters);
    }

    void happened(Throwable cause) {
        refused.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        long count = sinceLogged.incrementAndGet();
        if ((last == 0 || now - last >= LOG_EVERY.toNanos()) && lastLogged.compareAndSet(last, now)) {
            sinceLogged.set(0);
            LOG.warnf("the database cannot be reached (%s); %d request(s) answered 503 since the last line",
                    cause.getClass().getSimpleName(), count);
        }
    }
}
