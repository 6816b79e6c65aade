package dev.tokenvault.platform;

import io.vertx.core.http.HttpServerRequest;

/**
 * What the audit log keeps about the request that caused an event: client address, user agent, the
 * caller's own {@code X-App-Name} / {@code X-Purpose} labels and how long the request took until then.
 */
public record RequestInfo(String ip, String userAgent, String appName, String purpose, long startNanos) {

    static final int MAX_LABEL = 200;
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");
    static final int MAX_USER_AGENT = 512;

    public static RequestInfo of(HttpServerRequest request) {
        return of(request, System.nanoTime());
    }

    public static RequestInfo of(HttpServerRequest request, long startNanos) {
        if (request == null) {
            return new RequestInfo(null, null, null, null, startNanos);
        }
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new RequestInfo(ip, clip(request.getHeader("User-Agent"), MAX_USER_AGENT),
                clip(request.getHeader("X-App-Name"), MAX_LABEL), clip(request.getHeader("X-Purpose"), MAX_LABEL),
                startNanos);
    }

    public Integer elapsedMillis() {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000L);
    }

    private static String clip(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String printable = CONTROL.matcher(value).replaceAll("");
        return printable.length() <= max ? printable : printable.substring(0, max);
    }
}
