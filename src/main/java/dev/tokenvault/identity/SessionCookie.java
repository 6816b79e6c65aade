package dev.tokenvault.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.Cookies;

/**
 * The browser session cookie {@code __Host-tv_session}: the user's JWT, HttpOnly, Secure, SameSite=Strict,
 * Path=/ and no Domain, as the {@code __Host-} prefix demands.
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "__Host-tv_session";

    private final Cookies cookies;

    public SessionCookie(Cookies cookies) {
        this.cookies = cookies;
    }

    public String set(String jwt, long maxAgeSeconds) {
        return cookies.set(NAME, jwt, maxAgeSeconds, Cookies.SameSite.STRICT);
    }

    public String clear() {
        return cookies.clear(NAME, Cookies.SameSite.STRICT);
    }
}
