package dev.tokenvault.connection;

import java.time.Instant;

/** The health of a stored credential, as the status endpoints report it. */
public enum ConnectionStatus {
    VALID, EXPIRING, EXPIRED, NO_TOKEN, NEEDS_REAUTH, ERROR, REVOKED;

    /**
     * Derives the status: the sticky states set by the refresh pipeline first, then the token's expiry
     * against the provider's refresh skew. Keep in step with {@link ConnectionRepository#STATUS_SQL}.
     */
    public static ConnectionStatus of(Connection c, int refreshSkewSeconds, Instant now) {
        if ("NEEDS_REAUTH".equals(c.state)) {
            return NEEDS_REAUTH;
        }
        if ("REVOKED".equals(c.state)) {
            return REVOKED;
        }
        if (c.accessToken == null) {
            return NO_TOKEN;
        }
        if ("ERROR".equals(c.state)) {
            return ERROR;
        }
        if (c.expiresAt == null) {
            return VALID;
        }
        if (!c.expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return c.expiresAt.isAfter(now.plusSeconds(refreshSkewSeconds)) ? VALID : EXPIRING;
    }
}
