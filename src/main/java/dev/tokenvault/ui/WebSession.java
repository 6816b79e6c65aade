package dev.tokenvault.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.crypto.Hmac;
import dev.tokenvault.crypto.ServiceKeys;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cookies;
import dev.tokenvault.platform.CurrentCaller;
import dev.tokenvault.platform.RandomTokens;
import io.smallrye.mutiny.Uni;

/**
 * The browser side of the session: who is signed in (without failing the request when nobody is), and CSRF
 * protection for every form. The CSRF token is an HMAC over a random per-browser cookie ({@code __Host-tv_csrf},
 * SameSite=Strict, rotated at login) and the signed-in user id, so a form token only works together with this
 * browser's cookie and this user, and survives the renewal of the session JWT. This comes on top of the
 * session cookie's SameSite=Strict.
 */
@ApplicationScoped
public class WebSession {

    public static final String CSRF_COOKIE = "__Host-tv_csrf";

    private final CurrentCaller callers;
    private final Cookies cookies;
    private final byte[] csrfKey;

    public WebSession(CurrentCaller callers, Cookies cookies, ServiceKeys keys) {
        this.callers = callers;
        this.cookies = cookies;
        this.csrfKey = keys.key(ServiceKeys.CSRF);
    }

    /** The signed-in user, or null (nobody, or credentials that fail to verify). Never fails. */
    public Uni<Caller> optionalCaller() {
        return callers.optional();
    }

    /** A fresh value for the CSRF cookie. */
    public static String newCsrfCookieValue() {
        return RandomTokens.random();
    }

    public String csrfCookie(String value) {
        return cookies.setForBrowserSession(CSRF_COOKIE, value, Cookies.SameSite.STRICT);
    }

    /** Removes the CSRF cookie (at sign-out). */
    public String clearCsrfCookie() {
        return cookies.clear(CSRF_COOKIE, Cookies.SameSite.STRICT);
    }

    /** The token the forms carry, for this browser's CSRF cookie and this user (null: before login). */
    public String csrfToken(String cookieValue, Caller caller) {
        byte[] mac = Hmac.sha256(csrfKey,
                (cookieValue + "|" + (caller == null ? "" : caller.subject())).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 24));
    }

    public boolean csrfValid(String cookieValue, Caller caller, String presented) {
        if (cookieValue == null || cookieValue.isBlank() || presented == null || presented.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken(cookieValue, caller).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

}
