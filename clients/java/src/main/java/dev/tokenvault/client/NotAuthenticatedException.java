package dev.tokenvault.client;

/** {@code 401 unauthenticated}: the credential is missing, wrong, revoked or expired. */
public class NotAuthenticatedException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(int status, String code, String detail, String request) {
        super(status, code, detail, request);
    }
}
