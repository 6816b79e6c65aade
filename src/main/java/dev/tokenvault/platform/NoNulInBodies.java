package dev.tokenvault.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * A JSON body may not carry a NUL character anywhere (not in a string, not in a key, not in a free-form object
 * such as a connection's metadata): no store accepts one, so it is refused with {@code 400} before it is read.
 */
@Provider
public class NoNulInBodies implements ReaderInterceptor {

    private static final byte[] ESCAPE = "\\u0000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        if (!MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readNBytes((int) BodyLimit.MAX_BODY_BYTES + 1);
        if (containsNul(body)) {
            throw InvalidParameter.invalid("request body contains a NUL character");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** A raw NUL byte, or the escape {@code \u0000} (not an escaped backslash followed by "u0000"). */
    static boolean containsNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
            if (body[i] == '\\') {
                if (i + 1 < body.length && body[i + 1] == '\\') {
                    i++; // an escaped backslash
                } else if (startsAt(body, i, ESCAPE)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsAt(byte[] body, int at, byte[] what) {
        if (at + what.length > body.length) {
            return false;
        }
        for (int j = 0; j < what.length; j++) {
            if (body[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }
}
