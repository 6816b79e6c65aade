package dev.tokenvault.client;

import java.time.Duration;
import java.time.Instant;

/** {@code 429 rate_limited}: this caller asked too often; {@link #retryAt()} says when it may ask again. */
public class RateLimitedException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(int status, String code, String detail, String request, Duration retryAfter,
            Instant now) {
        super(status, code, detail, request, retryAfter, now, null);
    }
}
