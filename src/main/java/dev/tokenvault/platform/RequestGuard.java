package dev.tokenvault.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before anything reads them, requests no endpoint could answer sensibly: a URL with a NUL character,
 * malformed percent-encoding or bytes that are not UTF-8 ({@code 400}), and a body sent to the API in a type
 * other than JSON ({@code 415}; the token endpoint also takes the form encoding OAuth clients send). A body's
 * type is what guards the API against cross-site forms: a browser sends a cross-site form as a form or as text,
 * never as JSON without asking first.
 */
public class RequestGuard {

    static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    /** API paths that take a form-encoded body as well as JSON. */
    static final Set<String> FORM_PATHS = Set.of("/v1/auth/token");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        // the router refuses some malformed URLs itself before any handler runs: answer those as problems too
        router.errorHandler(400, rc -> {
            if (!rc.response().headWritten()) {
                Problem.of(400, "invalid_request", "the request is malformed").write(rc, false);
            }
        });
    }

    void check(RoutingContext rc) {
        String uri = rc.request().uri();
        if (!wellFormedUrl(uri)) {
            Problem.of(400, "invalid_request", "the request URL is malformed (NUL, bad percent-encoding or not UTF-8)")
                    .write(rc, false);
            return;
        }
        String path = rc.request().path();
        if (path != null && path.startsWith("/v1/") && WITH_BODY.contains(rc.request().method()) && hasBody(rc)
                && !acceptedType(path, rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            Problem.of(415, "unsupported_media_type", FORM_PATHS.contains(path)
                    ? "send the body as application/json or application/x-www-form-urlencoded"
                    : "send the body as application/json").write(rc, false);
            return;
        }
        rc.next();
    }

    static boolean wellFormedUrl(String uri) {
        if (uri == null) {
            return false;
        }
        ByteBuffer bytes = ByteBuffer.allocate(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                        || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return false;
                }
                int b = Character.digit(uri.charAt(i + 1), 16) * 16 + Character.digit(uri.charAt(i + 2), 16);
                if (b == 0) {
                    return false;
                }
                bytes.put((byte) b);
                i += 2;
            } else if (c == 0 || c > 0x7e) {
                return false;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hasBody(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !"0".equals(length.trim());
        }
        return rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true);
    }

    private static boolean acceptedType(String path, String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return JSON.equals(type) || (FORM.equals(type) && FORM_PATHS.contains(path));
    }
}
