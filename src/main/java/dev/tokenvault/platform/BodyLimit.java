package dev.tokenvault.platform;

import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses request bodies over 64 KiB with {@code 413 payload_too_large} as problem+json, before anything
 * reads them: by the declared Content-Length up front, and for chunked bodies when the HTTP layer's limit
 * ({@code quarkus.http.limits.max-body-size}) stops the read.
 */
public class BodyLimit {

    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(BodyLimit::onFailure);
    }

    void checkLength(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true)) {
            chunkedBodies.handle(rc); // reads with the limit; over it, fails the route with 413
            return;
        }
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    tooLarge(rc);
                    return;
                }
            } catch (NumberFormatException ignored) {
                // the HTTP codec refuses malformed lengths itself
            }
        }
        rc.next();
    }

    static void onFailure(RoutingContext rc) {
        if (rc.statusCode() == 413 && !rc.response().headWritten()) {
            tooLarge(rc);
        } else {
            rc.next();
        }
    }

    private static void tooLarge(RoutingContext rc) {
        Problem.of(413, "payload_too_large", "request body exceeds 64 KiB").write(rc, true);
    }
}
