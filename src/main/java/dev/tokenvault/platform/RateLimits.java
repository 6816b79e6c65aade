package dev.tokenvault.platform;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

/** The request limits of the API, configured under {@code tokenvault.rate-limit}. */
@ApplicationScoped
public class RateLimits {

    private final RateLimiter tokenReads;
    private final RateLimiter exchanges;

    public RateLimits(TokenvaultConfig config, Clock clock) {
        TokenvaultConfig.RateLimit limits = config.rateLimit();
        this.tokenReads = new RateLimiter(limits.tokenReadsPerMinute(), limits.tokenReadBurst(), clock);
        this.exchanges = new RateLimiter(limits.exchangesPerMinute(), limits.exchangeBurst(), clock);
    }

    /** Token reads, per principal. */
    public void tokenRead(Caller caller) {
        tokenReads.acquire(caller.principalKey());
    }

    /** Token exchanges, per client IP (the principal is not known before the subject token is checked). */
    public void exchange(String clientIp) {
        exchanges.acquire(clientIp == null ? "unknown" : clientIp);
    }
}
