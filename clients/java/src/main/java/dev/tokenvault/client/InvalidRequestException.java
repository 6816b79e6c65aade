package dev.tokenvault.client;

/** {@code 400 invalid_request} (and other refusals of the request itself): the detail names the field. */
public class InvalidRequestException extends TokenVaultException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(int status, String code, String detail, String request) {
        super(status, code, detail, request);
    }
}
