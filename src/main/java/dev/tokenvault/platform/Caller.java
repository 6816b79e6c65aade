package dev.tokenvault.platform;

import java.util.Set;
import java.util.UUID;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the services need it: the kind of principal, its stable subject, the name shown in
 * the audit log and its roles. The authentication layer builds it once per credential (identity for user JWTs,
 * exchange for workload JWTs, apikey for API keys) and attaches it to the {@link SecurityIdentity} as the
 * attribute {@link #ATTRIBUTE}.
 * <p>
 * A user acts in projects through their memberships (read where each decision is made, never carried here). A
 * machine caller (workload or API key) belongs to one project and carries its {@link Scope}.
 */
public record Caller(Kind kind, String subject, String name, Set<String> roles, UUID session, Scope scope) {

    /** The {@link SecurityIdentity} attribute that holds the caller. */
    public static final String ATTRIBUTE = "tokenvault.caller";

    public enum Kind {
        USER, WORKLOAD, API_KEY;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /**
     * What a machine caller may reach: its project, what it may do there, and optionally only some providers or
     * connections of it (an empty set: all of them).
     */
    public record Scope(UUID project, Set<Permission> permissions, Set<String> providers, Set<UUID> connections) {
        public Scope {
            permissions = permissions.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(permissions);
            providers = Set.copyOf(providers);
            connections = Set.copyOf(connections);
        }

        /** Whether the scope reaches this connection of its project. */
        public boolean reaches(String provider, UUID connection) {
            return (providers.isEmpty() || providers.contains(provider))
                    && (connections.isEmpty() || connections.contains(connection));
        }
    }

    /** A signed-in user in one of their sessions. */
    public static Caller user(String subject, String name, Set<String> roles, UUID session) {
        return new Caller(Kind.USER, subject, name, Set.copyOf(roles), session, null);
    }

    /** A machine caller (workload or API key) confined to its scope. */
    public static Caller machine(Kind kind, String subject, String name, Scope scope) {
        return new Caller(kind, subject, name, Set.of(), null, scope);
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw ApiException.unauthenticated("authentication is required");
        }
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw ApiException.unauthenticated("unsupported credentials");
        }
        return caller;
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    /** The user's id; only users may do what asks for it ({@code 403} for machine callers). */
    public UUID userId() {
        if (kind != Kind.USER) {
            throw ApiException.forbidden("only users may do this");
        }
        return UUID.fromString(subject);
    }

    public String auditSubject() {
        return name;
    }

    /** The key of this principal in per-principal limits: kind and subject. */
    public String principalKey() {
        return kind.wireName() + ":" + subject;
    }
}
