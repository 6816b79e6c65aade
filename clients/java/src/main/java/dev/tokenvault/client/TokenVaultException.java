package dev.tokenvault.client;

import java.util.Locale;

/**
 * A call to tokenvault failed. Subclasses say why, from the stable {@code code} of the service's
 * {@code application/problem+json} answer. The message names the request (method and path, never a header, a query
 * value that could be secret, or a body) and the service's {@code detail}; no token is ever part of it.
 */
public class TokenVaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String detail;
    private final String request;

    public TokenVaultException(int status, String code, String detail, String request) {
        this(status, code, detail, request, null);
    }

    public TokenVaultException(int status, String code, String detail, String request, Throwable cause) {
        super(message(status, code, detail, request), cause);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.request = request;
    }

    private static String message(int status, String code, String detail, String request) {
        StringBuilder m = new StringBuilder();
        if (request != null) {
            m.append(request).append(": ");
        }
        if (status > 0) {
            m.append(status).append(' ');
        }
        m.append(code == null ? "error" : code);
        if (detail != null && !detail.isBlank()) {
            m.append(" (").append(detail).append(')');
        }
        return m.toString();
    }

    /** The HTTP status, or 0 when no answer came (the service could not be reached). */
    public int status() {
        return status;
    }

    /** The stable machine-readable code ({@code not_found}, {@code needs_reauth}, ...). */
    public String code() {
        return code;
    }

    /** The service's explanation, written for people; never a secret. */
    public String detail() {
        return detail;
    }

    /** The request that failed, as {@code METHOD /path} (no query, header or body). */
    public String request() {
        return request;
    }

    /**
     * The exception for a problem answer: by its {@code code} first, then by its status.
     *
     * @param retryAfterSeconds the {@code Retry-After} header in seconds, or -1 when absent
     */
    static TokenVaultException of(int status, String code, String detail, long retryAfterSeconds, String request,
            java.time.Instant now) {
        String c = code == null ? defaultCode(status) : code.toLowerCase(Locale.ROOT);
        java.time.Duration retryAfter = retryAfterSeconds < 0 ? null : java.time.Duration.ofSeconds(retryAfterSeconds);
        return switch (c) {
            case "needs_reauth" -> new NeedsReauthException(status, c, detail, request, null);
            case "provider_unavailable" -> new ProviderUnavailableException(status, c, detail, request, retryAfter, now);
            case "rate_limited" -> new RateLimitedException(status, c, detail, request, retryAfter, now);
            case "not_found" -> new NotFoundException(status, c, detail, request);
            case "unauthenticated" -> new NotAuthenticatedException(status, c, detail, request);
            case "forbidden" -> new ForbiddenException(status, c, detail, request);
            case "conflict" -> new ConflictException(status, c, detail, request);
            case "invalid_request", "unsupported_grant_type", "payload_too_large" ->
                new InvalidRequestException(status, c, detail, request);
            default -> byStatus(status, c, detail, retryAfter, request, now);
        };
    }

    private static TokenVaultException byStatus(int status, String code, String detail, java.time.Duration retryAfter,
            String request, java.time.Instant now) {
        if (status == 401) {
            return new NotAuthenticatedException(status, code, detail, request);
        }
        if (status == 403) {
            return new ForbiddenException(status, code, detail, request);
        }
        if (status == 404) {
            return new NotFoundException(status, code, detail, request);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new ServiceUnavailableException(status, code, detail, request, retryAfter, now, null);
        }
        if (status >= 400 && status < 500) {
            return new InvalidRequestException(status, code, detail, request);
        }
        return new TokenVaultException(status, code, detail, request);
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }
}
