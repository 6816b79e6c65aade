package dev.tokenvault.identity;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.platform.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the services need it: the kind of principal, its stable subject, the name shown in
 * the audit log and its roles. Built from the verified {@link SecurityIdentity}.
 */
public record Caller(Kind kind, String subject, String name, Set<String> roles) {

    public static final String KIND_CLAIM = "kind";

    public enum Kind {
        USER, WORKLOAD, API_KEY;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw ApiException.unauthenticated("authentication is required");
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object kind = jwt.getClaim(KIND_CLAIM);
            Kind parsed = kind == null ? Kind.USER : Kind.valueOf(kind.toString().toUpperCase());
            String name = jwt.getClaim("upn") != null ? jwt.getClaim("upn").toString() : jwt.getSubject();
            return new Caller(parsed, jwt.getSubject(), name, Set.copyOf(identity.getRoles()));
        }
        throw ApiException.unauthenticated("unsupported credentials");
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** The owning user's id; only users own connections and keys. */
    public UUID userId() {
        if (kind != Kind.USER) {
            throw ApiException.forbidden("only users may do this");
        }
        return UUID.fromString(subject);
    }

    public String auditSubject() {
        return name;
    }

    /** Connection ids this caller may read, or {@code ["*"]} for all of its own. */
    public List<String> connectionScope() {
        return List.of("*");
    }
}
