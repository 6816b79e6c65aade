package dev.tokenvault.platform;

import jakarta.ws.rs.WebApplicationException;

/**
 * A path or query parameter that does not parse. A path parameter that is not an id names nothing, so it is
 * {@code 404 not_found} like any unknown id; a malformed query parameter is {@code 400 invalid_request} naming
 * the parameter. It is a {@link WebApplicationException} so that the REST layer passes it on unwrapped from
 * parameter conversion; the problem mappers turn it into {@code application/problem+json}.
 */
public class InvalidParameter extends WebApplicationException {

    private final String code;

    private InvalidParameter(int status, String code, String detail) {
        super(detail, null, status);
        this.code = code;
    }

    public static InvalidParameter notFound() {
        return new InvalidParameter(404, "not_found", "not found");
    }

    public static InvalidParameter invalid(String detail) {
        return new InvalidParameter(400, "invalid_request", detail);
    }

    public int status() {
        return getResponse().getStatus();
    }

    public String code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected refusal: no stack trace to build
    }
}
