package dev.tokenvault.identity;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditRepository;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;

/**
 * Limits failed logins per username and per client IP within a sliding window. The failures are the
 * {@code auth.failure} audit events themselves, so the limit holds across every replica without any state
 * kept in one process. An IP gets four times the per-username allowance (users behind one NAT). Only failed
 * logins count (they name the attempted username); a refused bearer JWT or API key is audited as
 * {@code auth.failure} too, but without a subject, and does not lock an address out of logging in.
 */
@ApplicationScoped
public class LoginThrottle {

    private final AuditRepository audit;
    private final TokenvaultConfig config;

    public LoginThrottle(AuditRepository audit, TokenvaultConfig config) {
        this.audit = audit;
        this.config = config;
    }

    /** Fails with {@code 429 rate_limited} when this username or IP has failed too often lately. */
    public Uni<Void> check(String username, String ip) {
        var window = config.auth().loginFailureWindow();
        int max = config.auth().loginMaxFailures();
        return audit.countLoginFailures(username, ip, Instant.now().minus(window))
                .invoke(failures -> {
                    if (failures.byUser() >= max || failures.byIp() >= 4L * max) {
                        throw ApiException.rateLimited(window.toSeconds());
                    }
                })
                .replaceWithVoid();
    }
}
