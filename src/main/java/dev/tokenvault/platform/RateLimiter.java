package dev.tokenvault.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets keyed by principal (or client IP), in this replica's memory: {@code burst} requests at once,
 * refilled at {@code perMinute}. With several replicas each keeps its own buckets, so the limit holds per
 * replica. A full map forgets buckets that have refilled completely (they hold no information).
 */
public final class RateLimiter {

    static final int MAX_KEYS = 100_000;

    private final double capacity;
    private final double refillPerNano;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, int burst, Clock clock) {
        this.capacity = Math.max(1, burst);
        this.refillPerNano = Math.max(1, perMinute) / 60e9;
        this.clock = clock;
    }

    /** Takes one request from the key's bucket, or fails with {@code 429 rate_limited} and a Retry-After. */
    public void acquire(String key) {
        Instant now = clock.instant();
        long wait = tryAcquire(key, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        if (wait > 0) {
            throw ApiException.rateLimited(wait);
        }
    }

    /** 0 when admitted, else the whole seconds until the next request would be. */
    long tryAcquire(String key, long now) {
        if (buckets.size() >= MAX_KEYS) {
            buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        return bucket.take(now);
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / refillPerNano / 1e9));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
            updated = now;
        }
    }
}
