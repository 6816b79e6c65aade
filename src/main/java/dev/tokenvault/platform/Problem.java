package dev.tokenvault.platform;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document with the stable {@code code} extension member. */
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return new Problem("https://tokenvault.dev/problems/" + code.replace('_', '-'), title, status, detail, code);
    }

    public Response toResponse(Long retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this)
                .header("Cache-Control", "no-store");
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", Math.max(1, retryAfterSeconds));
        }
        return builder.build();
    }
}
