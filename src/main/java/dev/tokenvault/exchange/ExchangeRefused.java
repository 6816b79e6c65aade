package dev.tokenvault.exchange;

import dev.tokenvault.platform.ApiException;

/**
 * A subject token that was not accepted. Every caller gets the same answer — {@code 400 invalid_request},
 * as RFC 8693 §2.2.2 prescribes for an invalid or unacceptable subject token — while the precise
 * {@link #reason} goes only to the audit log.
 */
public class ExchangeRefused extends ApiException {

    private final String reason;
    private final String subject;

    public ExchangeRefused(String reason) {
        this(reason, null);
    }

    public ExchangeRefused(String reason, String subject) {
        super(400, "invalid_request", "the subject token was not accepted");
        this.reason = reason;
        this.subject = subject;
    }

    /** Why, for the audit log: unknown_issuer, bad_signature, expired, replayed, no_binding, ... */
    public String reason() {
        return reason;
    }

    /** The workload's name when the token was verified before it was refused, else null. */
    public String subject() {
        return subject;
    }
}
