package dev.tokenvault.identity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Limits failed logins per username and per client IP within a sliding window. The failures are the
 * {@code auth.failure} audit events themselves, so the limit holds across every replica without any state
 * kept in one process. An IP gets four times the per-username allowance (users behind one NAT). Only failed
 * logins count (they name the attempted username); a refused bearer JWT or API key is audited as
 * {@code auth.failure} too, but without a subject, and does not lock an address out of logging in.
 */
@ApplicationScoped
public class LoginThrottle {

    static final String COUNT_FAILURES = """
            SELECT count(*) FILTER (WHERE actor_subject = $1) AS by_user,
                   count(*) FILTER (WHERE ip = $2)            AS by_ip
              FROM audit_events
             WHERE action = 'auth.failure' AND error_code = 'invalid_credentials' AND at > $3
               AND actor_subject IS NOT NULL
               AND (actor_subject = $1 OR ip = $2)""";

    private final Pool pool;
    private final TokenvaultConfig config;

    public LoginThrottle(Pool pool, TokenvaultConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Fails with {@code 429 rate_limited} when this username or IP has failed too often lately. */
    public Uni<Void> check(String username, String ip) {
        var window = config.auth().loginFailureWindow();
        int max = config.auth().loginMaxFailures();
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(window);
        return pool.preparedQuery(COUNT_FAILURES).execute(Tuple.of(username, ip, since))
                .map(rows -> rows.iterator().next())
                .invoke(row -> {
                    if (tooMany(row, max)) {
                        throw ApiException.rateLimited(window.toSeconds());
                    }
                })
                .replaceWithVoid();
    }

    private static boolean tooMany(Row row, int max) {
        return row.getLong("by_user") >= max || row.getLong("by_ip") >= 4L * max;
    }
}
