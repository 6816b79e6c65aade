package dev.tokenvault.refresh;

/**
 * How a provider's token or revocation endpoint failed, classified for the failure policy. The message is
 * the provider's {@code error} code and a clipped {@code error_description}; never the request.
 */
public class ProviderError extends RuntimeException {

    public enum Kind {
        /** {@code invalid_grant}: the refresh token is dead; only the user can fix it by reconnecting. */
        INVALID_GRANT,
        /** 429: the provider asked us to slow down (honour {@code Retry-After}). */
        RATE_LIMITED,
        /** 5xx, time-outs, refused connections: the provider is down or failing. */
        UNAVAILABLE,
        /** Any other refusal (e.g. {@code invalid_client}): a configuration problem at the provider. */
        REJECTED
    }

    private final Kind kind;
    private final String code;
    private final Long retryAfterSeconds;

    public ProviderError(Kind kind, String code, String description, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** Stable reason for status and audit: {@code invalid_grant}, {@code rate_limited}, {@code http_503}, ... */
    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
