package dev.tokenvault.connect;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.Cookies;
import dev.tokenvault.platform.RandomTokens;

/**
 * The cookie {@code __Host-tv_connect} that binds a connect flow to the browser that started it. The provider
 * sends the browser back with a cross-site redirect, which does not carry the SameSite=Strict session cookie;
 * this cookie is SameSite=Lax so that it does, and the callback accepts a state only from the browser (or the
 * authenticated user) that started the flow.
 */
@ApplicationScoped
public class BrowserBinding {

    public static final String NAME = "__Host-tv_connect";
    static final long MAX_AGE_SECONDS = ConnectService.FLOW_TTL.toSeconds();

    private final Cookies cookies;

    public BrowserBinding(Cookies cookies) {
        this.cookies = cookies;
    }

    /** The presented binding when it is well formed, else a fresh one. */
    public String reuseOrNew(String presented) {
        return RandomTokens.wellFormed(presented) ? presented : RandomTokens.random();
    }

    public String cookie(String value) {
        return cookies.set(NAME, value, MAX_AGE_SECONDS, Cookies.SameSite.LAX);
    }
}
