package dev.tokenvault.platform;

import jakarta.enterprise.context.ApplicationScoped;

/** The request limits of the API, configured under {@code tokenvault.rate-limit}. */
@ApplicationScoped
public class RateLimits {

    private final RateLimiter tokenReads;
    private final RateLimiter exchanges;

    public RateLimits(TokenvaultConfig config) {
        TokenvaultConfig.RateLimit limits = config.rateLimit();
        this.tokenReads = new RateLimiter(limits.tokenReadsPerMinute(), limits.tokenReadBurst());
        this.exchanges = new RateLimiter(limits.exchangesPerMinute(), limits.exchangeBurst());
    }

    /** Token reads, per principal (kind and subject). */
    public void tokenRead(String principal) {
        tokenReads.acquire(principal);
    }

    /** Token exchanges, per client IP (the principal is not known before the subject token is checked). */
    public void exchange(String clientIp) {
        exchanges.acquire(clientIp == null ? "unknown" : clientIp);
    }
}
