package dev.tokenvault.ui;

import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.tokenvault.identity.SessionCookie;
import dev.tokenvault.identity.SessionService;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the session cookie alive while the user is active, and removes it when it no longer authenticates.
 * For a request authenticated by the {@code __Host-tv_session} cookie, the cookie gets a new JWT of the same
 * server-side session when less than half of the JWT's lifetime is left (never past the session's end). A
 * cookie that fails to authenticate (its session ended, its user is gone) is removed.
 */
public class SessionRenewal {

    private final CurrentIdentityAssociation identities;
    private final SessionService sessions;
    private final SessionCookie cookie;
    private final Duration ttl;

    public SessionRenewal(CurrentIdentityAssociation identities, SessionService sessions, SessionCookie cookie,
            TokenvaultConfig config) {
        this.identities = identities;
        this.sessions = sessions;
        this.cookie = cookie;
        this.ttl = config.auth().userTokenTtl();
    }

    @ServerResponseFilter
    public Uni<Void> renew(ContainerRequestContext request, ContainerResponseContext response) {
        Cookie presented = request.getCookies().get(SessionCookie.NAME);
        if (presented == null || presented.getValue().isEmpty() || setsSessionCookie(response)) {
            return Uni.createFrom().voidItem();
        }
        if (response.getStatus() == 401) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.clear());
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .flatMap(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.clear());
                        return Uni.createFrom().voidItem();
                    }
                    Caller caller = identity.getAttribute(Caller.ATTRIBUTE);
                    JsonWebToken jwt = sessionJwt(identity, presented.getValue());
                    if (jwt == null || caller == null || caller.session() == null
                            || jwt.getExpirationTime() - System.currentTimeMillis() / 1000 >= ttl.toSeconds() / 2) {
                        return Uni.createFrom().voidItem();
                    }
                    return sessions.renew(caller.session()).invoke(token -> response.getHeaders().add(
                            HttpHeaders.SET_COOKIE, token == null ? cookie.clear()
                                    : cookie.set(token.jwt(), token.expiresInSeconds())))
                            .replaceWithVoid();
                });
    }

    /** The verified JWT of this request when it came from the session cookie. */
    private static JsonWebToken sessionJwt(SecurityIdentity identity, String cookieValue) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && cookieValue.equals(jwt.getRawToken()) ? jwt : null;
    }

    private static boolean setsSessionCookie(ContainerResponseContext response) {
        var values = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        return values != null && values.stream().anyMatch(v -> String.valueOf(v).startsWith(SessionCookie.NAME + "="));
    }
}
