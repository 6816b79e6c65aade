package dev.tokenvault.platform;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document with the stable {@code code} extension member. */
@Schema(description = "An RFC 9457 problem document. `code` is stable and machine-readable; `detail` is for people "
        + "and never carries a secret.", requiredProperties = { "type", "title", "status", "detail", "code" })
public record Problem(@Schema(format = "uri") String type, String title, int status, String detail,
        @Schema(description = "`invalid_request`, `unauthenticated`, `forbidden`, `csrf_failed`, `not_found`, "
                + "`conflict`, `needs_reauth`, `payload_too_large`, `rate_limited`, `provider_unavailable`, "
                + "`internal_error`, ...") String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return new Problem("https://tokenvault.dev/problems/" + code.replace('_', '-'), title, status, detail, code);
    }

    /**
     * Answers a route with this problem directly (for checks that run before the REST layer, on the Vert.x
     * router): {@code application/problem+json}, {@code no-store}.
     */
    public void write(io.vertx.ext.web.RoutingContext rc, boolean close) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        var response = rc.response().setStatusCode(status)
                .putHeader("Content-Type", MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store");
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.end(io.vertx.core.json.Json.encode(body));
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
