package dev.tokenvault.platform;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the services need it: the kind of principal, its stable subject, the name shown in
 * the audit log and its roles. The authentication layer builds it once per credential (identity for JWTs,
 * apikey for API keys) and attaches it to the {@link SecurityIdentity} as the attribute {@link #ATTRIBUTE}.
 * <p>
 * A user owns connections and may read all of them. A workload (token exchange) or an API key acts for the
 * user who owns its bound connections ({@link #ownerId()}) and may read only those ({@link #mayRead}).
 */
public record Caller(Kind kind, String subject, String name, Set<String> roles, UUID owner, List<String> connections,
        UUID session) {

    /** The {@link SecurityIdentity} attribute that holds the caller. */
    public static final String ATTRIBUTE = "tokenvault.caller";

    public enum Kind {
        USER, WORKLOAD, API_KEY;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /** A signed-in user in one of their sessions: may read every connection of their own. */
    public static Caller user(String subject, String name, Set<String> roles, UUID session) {
        return new Caller(Kind.USER, subject, name, Set.copyOf(roles), null, List.of("*"), session);
    }

    /** A machine caller (workload or API key) reading the bound connections of {@code owner}. */
    public static Caller machine(Kind kind, String subject, String name, UUID owner, List<String> connections) {
        return new Caller(kind, subject, name, Set.of(), owner, List.copyOf(connections), null);
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

    /** The owning user's id; only users own connections and keys. */
    public UUID userId() {
        if (kind != Kind.USER) {
            throw ApiException.forbidden("only users may do this");
        }
        return UUID.fromString(subject);
    }

    /** The user whose connections this caller reads: the user itself, or the owner behind a workload or key. */
    public UUID ownerId() {
        return kind == Kind.USER ? UUID.fromString(subject) : owner;
    }

    /** Whether this caller may read the connection (ownership is checked by the lookup, against {@link #ownerId}). */
    public boolean mayRead(UUID connectionId) {
        return kind == Kind.USER || (owner != null && connections.contains(connectionId.toString()));
    }

    public String auditSubject() {
        return name;
    }

    /** Connection ids this caller may read, or {@code ["*"]} for all of its own. */
    public List<String> connectionScope() {
        return kind == Kind.USER ? List.of("*") : connections;
    }

    /** The key of this principal in per-principal limits: kind and subject. */
    public String principalKey() {
        return kind.wireName() + ":" + subject;
    }
}
