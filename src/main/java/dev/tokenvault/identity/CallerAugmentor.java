package dev.tokenvault.identity;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.platform.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a verified JWT into the {@link Caller} the services see. A user's JWT counts only while its session
 * lives ({@link LiveSessions}), and the user's name and roles are the stored ones, not those the token was
 * issued with: a logout, a deleted or disabled user and changed roles take effect within seconds on every
 * replica. A workload's JWT stands for its binding, which the exchange package reads ({@code LiveBindings}).
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    private final CachingJwtParser tokens;
    private final LiveSessions sessions;

    public CallerAugmentor(CachingJwtParser tokens, LiveSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Caller.ATTRIBUTE) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        TokenClaims claims = tokens.claims(jwt);
        if (claims.kind() != Caller.Kind.USER) {
            return Uni.createFrom().item(identity); // a workload: the exchange package reads its binding
        }
        if (claims.session() == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("a user token without a session"));
        }
        return sessions.alive(claims.session()).map(session -> {
            if (session == null || !session.userId().toString().equals(claims.subject())) {
                throw new AuthenticationFailedException("the session has ended");
            }
            Set<String> roles = roles(session.roles());
            return with(identity, Caller.user(claims.subject(), session.username(), roles, session.id()), roles);
        });
    }

    private static SecurityIdentity with(SecurityIdentity identity, Caller caller, Set<String> roles) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build();
    }

    static Set<String> roles(String stored) {
        return stored == null || stored.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(stored.trim().split("\\s+")));
    }
}
