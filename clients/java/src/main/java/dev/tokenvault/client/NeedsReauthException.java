package dev.tokenvault.client;

/**
 * {@code 409 needs_reauth}: the provider refused the stored refresh token ({@code invalid_grant} or its equivalent),
 * or the connection was revoked. Nothing but a person can fix it: send them through a connect link again
 * ({@link TokenVault#connectLink}). Retrying does not help.
 */
public class NeedsReauthException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public NeedsReauthException(int status, String code, String detail, String request, String reason) {
        super(status, code, detail, request);
        this.reason = reason;
    }

    /**
     * Why, as the connection's status says ({@code invalid_grant}, {@code credential_refused},
     * {@code refresh_interrupted}, ...); the service's detail when the status could not be read.
     */
    public String reason() {
        return reason != null ? reason : detail();
    }

    NeedsReauthException withReason(String reason) {
        NeedsReauthException e = new NeedsReauthException(status(), code(), detail(), request(), reason);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
