package dev.tokenvault.identity;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditRepository;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;

/**
 * Keeps guessing passwords expensive without handing strangers a switch that locks a user out. Failed logins
 * within a sliding window are counted (from the {@code auth.failure} audit events themselves, so the limits hold
 * across replicas without any state kept in one process):
 * <ul>
 * <li>per username from one client address: {@code max} failures, then {@code 429} for that pair only;</li>
 * <li>per client address over all usernames: {@code 4 × max} (users behind one NAT);</li>
 * <li>per username over all addresses: {@code 10 × max}, and from {@code max} on every attempt for that username
 * waits, doubling from 100 ms up to 5 s, so a distributed guesser slows down while the real user, from their own
 * address, can still sign in.</li>
 * </ul>
 * Only failed logins count (they name the attempted username); a refused bearer JWT or API key is audited as
 * {@code auth.failure} too, but without a subject, and does not count.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final AuditRepository audit;
    private final TokenvaultConfig config;

    public LoginThrottle(AuditRepository audit, TokenvaultConfig config) {
        this.audit = audit;
        this.config = config;
    }

    /** Fails with {@code 429 rate_limited} past a limit; otherwise completes, after the delay the username earned. */
    public Uni<Void> check(String username, String ip) {
        var window = config.auth().loginFailureWindow();
        int max = config.auth().loginMaxFailures();
        return audit.countLoginFailures(username, ip, Instant.now().minus(window))
                .flatMap(failures -> {
                    if (failures.byUserAndIp() >= max || failures.byIp() >= 4L * max || failures.byUser() >= 10L * max) {
                        return Uni.createFrom().failure(ApiException.rateLimited(window.toSeconds()));
                    }
                    Duration delay = delay(failures.byUser(), max);
                    return delay.isZero() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().voidItem().onItem().delayIt().by(delay);
                });
    }

    /** The wait before an attempt for a username with {@code failures} recent failures over all addresses. */
    static Duration delay(long failures, int max) {
        if (failures < max) {
            return Duration.ZERO;
        }
        long doublings = Math.min(20, failures - max);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
