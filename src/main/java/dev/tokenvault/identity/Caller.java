package dev.tokenvault.identity;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.platform.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the services need it: the kind of principal, its stable subject, the name shown in
 * the audit log and its roles. Built from the verified {@link SecurityIdentity}.
 * <p>
 * A user owns connections and may read all of them. A workload (token exchange) or an API key acts for the
 * user who owns its bound connections ({@link #ownerId()}) and may read only those ({@link #mayRead}).
 */
public record Caller(Kind kind, String subject, String name, Set<String> roles, UUID owner, List<String> connections) {

    public static final String KIND_CLAIM = "kind";
    /** Workload JWTs: the user whose connections the workload may read. */
    public static final String OWNER_CLAIM = "owner";
    /** Workload JWTs: the ids of the connections the workload may read. */
    public static final String CONNECTIONS_CLAIM = "connections";

    public enum Kind {
        USER, WORKLOAD, API_KEY;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    public Caller(Kind kind, String subject, String name, Set<String> roles) {
        this(kind, subject, name, roles, null, List.of("*"));
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw ApiException.unauthenticated("authentication is required");
        }
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return new Caller(Kind.API_KEY, key.keyId().toString(), key.getName(), Set.of(), key.ownerId(),
                    key.connectionIds());
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String raw = jwt.getRawToken();
            Caller known = raw == null ? null : BY_TOKEN.get(raw);
            if (known != null) {
                return known;
            }
            Caller caller = fromJwt(jwt, identity);
            if (raw != null) {
                if (BY_TOKEN.size() >= MAX_REMEMBERED) {
                    BY_TOKEN.clear();
                }
                BY_TOKEN.put(raw, caller);
            }
            return caller;
        }
        throw ApiException.unauthenticated("unsupported credentials");
    }

    /**
     * Callers of verified JWTs, by the exact token: reading the custom claims of a SmallRye JWT principal costs an
     * exception each, which the token path should not pay per request. The token was verified (signature,
     * expiry) before this is asked, and its claims never change.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Caller> BY_TOKEN =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 10_000;

    private static Caller fromJwt(JsonWebToken jwt, SecurityIdentity identity) {
        Object kind = jwt.getClaim(KIND_CLAIM);
        Kind parsed = kind == null ? Kind.USER : Kind.valueOf(kind.toString().toUpperCase());
        String name = jwt.getClaim("upn") != null ? jwt.getClaim("upn").toString() : jwt.getSubject();
        if (parsed == Kind.USER) {
            return new Caller(parsed, jwt.getSubject(), name, Set.copyOf(identity.getRoles()));
        }
        return new Caller(parsed, jwt.getSubject(), name, Set.of(), uuidClaim(jwt, OWNER_CLAIM),
                stringsClaim(jwt, CONNECTIONS_CLAIM));
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

    private static UUID uuidClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        try {
            return value == null ? null : UUID.fromString(unquote(value.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> stringsClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof Collection<?> values) {
            return values.stream().map(v -> unquote(v.toString())).toList();
        }
        return List.of();
    }

    /** SmallRye JWT hands JSON string values inside arrays as JsonString, whose toString keeps the quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
