package dev.tokenvault.ui;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.tokenvault.identity.SessionCookie;
import dev.tokenvault.identity.TokenIssuer;
import dev.tokenvault.identity.User;
import dev.tokenvault.identity.UserRepository;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the session cookie alive while the user is active, and removes it when it no longer authenticates.
 * For a request authenticated by the {@code __Host-tv_session} cookie, the cookie is re-issued (a new JWT, read
 * from the user's current row, so changed roles take effect) when less than half of its lifetime is left, and
 * on every UI page when the roles in it no longer match the stored ones. A cookie that fails to authenticate,
 * or whose user is gone, is removed.
 */
public class SessionRenewal {

    private final CurrentIdentityAssociation identities;
    private final UserRepository users;
    private final TokenIssuer issuer;
    private final SessionCookie cookie;
    private final Duration ttl;

    public SessionRenewal(CurrentIdentityAssociation identities, UserRepository users, TokenIssuer issuer,
            SessionCookie cookie, TokenvaultConfig config) {
        this.identities = identities;
        this.users = users;
        this.issuer = issuer;
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
        boolean uiPage = request.getUriInfo().getPath().startsWith("/ui");
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .flatMap(identity -> {
                    JsonWebToken jwt = sessionJwt(identity, presented.getValue());
                    if (jwt == null) {
                        if (identity == null || identity.isAnonymous()) {
                            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.clear());
                        }
                        return Uni.createFrom().voidItem();
                    }
                    long left = jwt.getExpirationTime() - System.currentTimeMillis() / 1000;
                    boolean halfGone = left < ttl.toSeconds() / 2;
                    if (!halfGone && !uiPage) {
                        return Uni.createFrom().voidItem();
                    }
                    return users.findSignedIn(UUID.fromString(jwt.getSubject()))
                            .invoke(user -> reissue(response, user, jwt.getGroups(), halfGone))
                            .replaceWithVoid();
                });
    }

    private void reissue(ContainerResponseContext response, User user, Set<String> rolesInCookie, boolean halfGone) {
        if (user == null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.clear());
            return;
        }
        if (halfGone || !user.roleSet().equals(rolesInCookie)) {
            TokenIssuer.IssuedToken token = issuer.forUser(user);
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.set(token.jwt(), token.expiresInSeconds()));
        }
    }

    /** The verified user JWT of this request when it came from the session cookie. */
    private static JsonWebToken sessionJwt(SecurityIdentity identity, String cookieValue) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object kind = jwt.getClaim(TokenIssuer.KIND_CLAIM);
        if (!cookieValue.equals(jwt.getRawToken()) || (kind != null && !Caller.Kind.USER.wireName().equals(kind.toString()))) {
            return null;
        }
        return jwt;
    }

    private static boolean setsSessionCookie(ContainerResponseContext response) {
        var values = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        return values != null && values.stream().anyMatch(v -> String.valueOf(v).startsWith(SessionCookie.NAME + "="));
    }
}
