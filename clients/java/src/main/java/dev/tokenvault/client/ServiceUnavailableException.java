package dev.tokenvault.client;

import java.time.Duration;
import java.time.Instant;

/**
 * The service, or what it depends on, cannot answer now: try again later, at {@link #retryAt()} when the service
 * said so ({@code Retry-After}). The client already retried as often as it was configured to
 * ({@link TokenVault.Builder#maxRetries}). Status 0 means the service could not be reached at all.
 */
public class ServiceUnavailableException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;
    private final Instant retryAt;

    public ServiceUnavailableException(int status, String code, String detail, String request, Duration retryAfter,
            Instant now, Throwable cause) {
        super(status, code, detail, request, cause);
        this.retryAfter = retryAfter;
        this.retryAt = retryAfter == null || now == null ? null : now.plus(retryAfter);
    }

    /** How long the service asked to wait ({@code Retry-After}), or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** When to try again, or null when the service did not say. */
    public Instant retryAt() {
        return retryAt;
    }
}
