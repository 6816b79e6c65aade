package dev.tokenvault.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.identity.Caller;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
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
    public static final String CSRF_FIELD = "csrf";

    private final CurrentIdentityAssociation identities;
    private final TokenvaultConfig config;
    private final SecretKeySpec csrfKey;

    public WebSession(CurrentIdentityAssociation identities, TokenvaultConfig config, Keyring keyring) {
        this.identities = identities;
        this.config = config;
        this.csrfKey = new SecretKeySpec(hmac(keyring.primary().getEncoded(), "tokenvault web csrf key"), "HmacSHA256");
    }

    /** The signed-in user, or null (nobody, or credentials that fail to verify). Never fails. */
    public Uni<Caller> optionalCaller() {
        return identities.getDeferredIdentity()
                .map(identity -> identity == null || identity.isAnonymous() ? null : Caller.of(identity))
                .onFailure().recoverWithNull();
    }

    /** A fresh value for the CSRF cookie. */
    public static String newCsrfCookieValue() {
        return dev.tokenvault.connect.Tokens.random();
    }

    public String csrfCookie(String value) {
        return CSRF_COOKIE + "=" + value + "; Path=/; HttpOnly" + (config.auth().secureCookie() ? "; Secure" : "")
                + "; SameSite=Strict";
    }

    /** The token the forms carry, for this browser's CSRF cookie and this user (null: before login). */
    public String csrfToken(String cookieValue, Caller caller) {
        byte[] mac = hmac(csrfKey.getEncoded(), cookieValue + "|" + (caller == null ? "" : caller.subject()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 24));
    }

    public boolean csrfValid(String cookieValue, Caller caller, String presented) {
        if (cookieValue == null || cookieValue.isBlank() || presented == null || presented.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken(cookieValue, caller).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }
}
