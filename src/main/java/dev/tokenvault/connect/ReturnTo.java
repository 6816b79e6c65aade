package dev.tokenvault.connect;

import java.net.URI;
import java.net.URISyntaxException;

import dev.tokenvault.platform.ApiException;

/** Where the browser goes after the callback: a path on this service only, so the flow is no open redirect. */
final class ReturnTo {

    static final int MAX_LENGTH = 512;

    private ReturnTo() {
    }

    /** The path unchanged when it is a relative path on this service; null when absent; 400 otherwise. */
    static String check(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_LENGTH || !value.startsWith("/") || value.startsWith("//")
                || value.indexOf('\\') >= 0 || value.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            throw refused();
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/")) {
                throw refused();
            }
        } catch (URISyntaxException e) {
            throw refused();
        }
        return value;
    }

    private static ApiException refused() {
        return ApiException.invalidRequest("field 'return_to' must be a path on this service, like /ui/connections");
    }
}
