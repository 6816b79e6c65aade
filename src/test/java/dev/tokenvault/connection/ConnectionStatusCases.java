package dev.tokenvault.connection;

import java.time.Instant;
import java.util.stream.Stream;

import dev.tokenvault.connection.Connection.State;

/** The table both status tests run: every rule, its boundaries, and the order in which rules win. */
final class ConnectionStatusCases {

    static final int SKEW = 60;

    /** A case: state, whether a token is stored, expiry relative to now (null: none), and the status. */
    record Case(String name, State state, boolean hasToken, Long expiresInSeconds, ConnectionStatus expected) {
        ConnectionStatus.Facts facts(Instant now) {
            return new ConnectionStatus.Facts(state, hasToken,
                    expiresInSeconds == null ? null : now.plusSeconds(expiresInSeconds), SKEW, now);
        }
    }

    private ConnectionStatusCases() {
    }

    static Stream<Case> all() {
        return Stream.of(
                new Case("needs reauth wins over everything", State.NEEDS_REAUTH, false, -100L, ConnectionStatus.NEEDS_REAUTH),
                new Case("needs reauth with a valid token", State.NEEDS_REAUTH, true, 3600L, ConnectionStatus.NEEDS_REAUTH),
                new Case("revoked", State.REVOKED, true, 3600L, ConnectionStatus.REVOKED),
                new Case("revoked without a token", State.REVOKED, false, null, ConnectionStatus.REVOKED),
                new Case("no token", State.ACTIVE, false, 3600L, ConnectionStatus.NO_TOKEN),
                new Case("no token beats error", State.ERROR, false, null, ConnectionStatus.NO_TOKEN),
                new Case("error with a valid token", State.ERROR, true, 3600L, ConnectionStatus.ERROR),
                new Case("error with an expired token", State.ERROR, true, -10L, ConnectionStatus.ERROR),
                new Case("never expires", State.ACTIVE, true, null, ConnectionStatus.VALID),
                new Case("expired", State.ACTIVE, true, -1L, ConnectionStatus.EXPIRED),
                new Case("expired long ago", State.ACTIVE, true, -86_400L, ConnectionStatus.EXPIRED),
                new Case("expires within the skew", State.ACTIVE, true, 30L, ConnectionStatus.EXPIRING),
                new Case("expires right at the skew", State.ACTIVE, true, (long) SKEW, ConnectionStatus.EXPIRING),
                new Case("expires just past the skew", State.ACTIVE, true, SKEW + 5L, ConnectionStatus.VALID),
                new Case("valid for hours", State.ACTIVE, true, 7200L, ConnectionStatus.VALID));
    }
}
