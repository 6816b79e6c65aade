package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.tokenvault.connection.Connection.State;

/**
 * The health of a stored credential, as the status endpoints report it, derived in one place: an ordered list
 * of rules, each stated once in Java (for one connection at hand) and once in SQL (to filter lists in the
 * database), the first that holds wins. A test checks that both forms agree on every case.
 */
public enum ConnectionStatus {
    VALID, EXPIRING, EXPIRED, NO_TOKEN, NEEDS_REAUTH, ERROR, REVOKED;

    /** What a status is derived from. */
    record Facts(State state, boolean hasToken, Instant expiresAt, int refreshSkewSeconds, Instant now) {
    }

    private record Rule(ConnectionStatus status, Predicate<Facts> holds, String sql) {
    }

    /** The sticky states set by the refresh pipeline first, then the token's expiry against the provider's skew. */
    private static final List<Rule> RULES = List.of(
            new Rule(NEEDS_REAUTH, f -> f.state() == State.NEEDS_REAUTH, "c.state = '" + State.NEEDS_REAUTH + "'"),
            new Rule(REVOKED, f -> f.state() == State.REVOKED, "c.state = '" + State.REVOKED + "'"),
            new Rule(NO_TOKEN, f -> !f.hasToken(), "c.access_token IS NULL"),
            new Rule(ERROR, f -> f.state() == State.ERROR, "c.state = '" + State.ERROR + "'"),
            new Rule(VALID, f -> f.expiresAt() == null, "c.expires_at IS NULL"),
            new Rule(EXPIRED, f -> !f.expiresAt().isAfter(f.now()), "c.expires_at <= now()"),
            new Rule(EXPIRING, f -> !f.expiresAt().isAfter(f.now().plusSeconds(f.refreshSkewSeconds())),
                    "c.expires_at <= now() + make_interval(secs => p.refresh_skew_seconds)"));

    /** What holds when no rule does. */
    private static final ConnectionStatus OTHERWISE = VALID;

    /** The derivation as a SQL expression over {@code connections c} joined with {@code providers p}. */
    public static final String SQL = RULES.stream()
            .map(rule -> "WHEN " + rule.sql() + " THEN '" + rule.status() + "'")
            .collect(Collectors.joining(" ", "CASE ", " ELSE '" + OTHERWISE + "' END"));

    public static ConnectionStatus of(Connection c, int refreshSkewSeconds, Instant now) {
        return of(new Facts(c.state, c.accessToken != null, c.expiresAt, refreshSkewSeconds, now));
    }

    static ConnectionStatus of(Facts facts) {
        return RULES.stream().filter(rule -> rule.holds().test(facts)).findFirst().map(Rule::status)
                .orElse(OTHERWISE);
    }
}
