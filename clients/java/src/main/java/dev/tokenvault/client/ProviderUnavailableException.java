package dev.tokenvault.client;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code 503 provider_unavailable}: the token needed a refresh and the provider failed (down, slow, rate limiting).
 * tokenvault backs off; {@link #retryAt()} is when it will try the provider again.
 */
public class ProviderUnavailableException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(int status, String code, String detail, String request, Duration retryAfter,
            Instant now) {
        super(status, code, detail, request, retryAfter, now, null);
    }
}
