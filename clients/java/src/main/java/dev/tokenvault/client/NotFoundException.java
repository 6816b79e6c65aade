package dev.tokenvault.client;

/**
 * {@code 404 not_found}: no such connection, project or key — or one the caller may not see (tokenvault answers
 * both alike).
 */
public class NotFoundException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(int status, String code, String detail, String request) {
        super(status, code, detail, request);
    }
}
