package dev.tokenvault.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded strictly: malformed percent-encoding, bytes that
 * are not UTF-8, NUL characters and a parameter given twice (RFC 6749 §3.2) are a clear {@code 400}, never a
 * server error. Values may be as long as the body limit allows.
 */
public final class FormBody {

    private FormBody() {
    }

    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.put(name, value) != null) {
                throw ApiException.invalidRequest("parameter '" + clip(name) + "' is given more than once");
            }
        }
        return fields;
    }

    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ApiException.invalidRequest("the form body has malformed percent-encoding");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e) {
                throw ApiException.invalidRequest("the form body must be percent-encoded ASCII");
            } else {
                bytes.write(c);
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            if (text.indexOf('\0') >= 0) {
                throw ApiException.invalidRequest("the form body contains a NUL character");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw ApiException.invalidRequest("the form body is not UTF-8");
        }
    }

    private static String clip(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64);
    }
}
