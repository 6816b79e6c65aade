package dev.tokenvault.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.TokenvaultConfig;

/**
 * The browser session cookie {@code __Host-tv_session}: the user's JWT, HttpOnly, Secure, SameSite=Strict,
 * Path=/ and no Domain, as the {@code __Host-} prefix demands.
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "__Host-tv_session";

    private final TokenvaultConfig config;

    public SessionCookie(TokenvaultConfig config) {
        this.config = config;
    }

    public String set(String jwt, long maxAgeSeconds) {
        return NAME + "=" + jwt + "; Path=/; Max-Age=" + maxAgeSeconds + attributes();
    }

    public String clear() {
        return NAME + "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes();
    }

    private String attributes() {
        return "; HttpOnly" + (config.auth().secureCookie() ? "; Secure" : "") + "; SameSite=Strict";
    }
}
