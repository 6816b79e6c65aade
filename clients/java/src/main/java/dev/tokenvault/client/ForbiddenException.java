package dev.tokenvault.client;

/** {@code 403 forbidden}: the caller is known but may not do this (a viewer reading a token, a key without a permission). */
public class ForbiddenException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(int status, String code, String detail, String request) {
        super(status, code, detail, request);
    }
}
