package dev.tokenvault.client;

/**
 * {@code 409 conflict}: for instance a token asked for by provider alone when the project has several connections to
 * it (the detail names the choice: pass a subject).
 */
public class ConflictException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    public ConflictException(int status, String code, String detail, String request) {
        super(status, code, detail, request);
    }
}
