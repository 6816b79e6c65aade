package dev.tokenvault.refresh;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What a provider writes in an error answer may repeat what it was sent (some echo the whole request). Before any
 * of it is kept (a connection's status message, the UI, the audit log), every secret that was sent is replaced,
 * in every form it could be echoed in, control characters go, and the rest is clipped.
 */
final class ProviderText {

    static final int MAX_LENGTH = 200;
    static final String REDACTED = "[redacted]";

    private ProviderText() {
    }

    /** The text with every secret in {@code secrets} scrubbed out, printable and clipped; null stays null. */
    static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String secret : secrets) {
            if (secret == null || secret.length() < 4) {
                continue;
            }
            for (String form : forms(secret)) {
                clean = clean.replace(form, REDACTED);
            }
        }
        clean = clean.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= MAX_LENGTH ? clean : clean.substring(0, MAX_LENGTH);
    }

    private static List<String> forms(String secret) {
        String urlEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        String base64Url = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return List.of(secret, urlEncoded, base64.replaceAll("=+$", ""), base64Url);
    }
}
