package dev.tokenvault.platform;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place where this service's cookies are written. Every cookie is {@code HttpOnly}, {@code Path=/}
 * and without {@code Domain} (as the {@code __Host-} prefix demands), and {@code Secure} unless
 * {@code tokenvault.auth.secure-cookie} is off for local plain-HTTP testing.
 */
@ApplicationScoped
public class Cookies {

    /** The SameSite attribute: Strict for session and CSRF cookies; Lax where a cross-site redirect must carry it. */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }
    }

    private final boolean secure;

    public Cookies(TokenvaultConfig config) {
        this.secure = config.auth().secureCookie();
    }

    /** A {@code Set-Cookie} value that stores {@code value} for {@code maxAgeSeconds}. */
    public String set(String name, String value, long maxAgeSeconds, SameSite sameSite) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + attributes(sameSite);
    }

    /** A {@code Set-Cookie} value that stores {@code value} until the browser is closed. */
    public String setForBrowserSession(String name, String value, SameSite sameSite) {
        return name + "=" + value + "; Path=/" + attributes(sameSite);
    }

    /** A {@code Set-Cookie} value that removes the cookie. */
    public String clear(String name, SameSite sameSite) {
        return name + "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes(sameSite);
    }

    private String attributes(SameSite sameSite) {
        return "; HttpOnly" + (secure ? "; Secure" : "") + "; SameSite=" + sameSite.attribute;
    }
}
