package dev.tokenvault.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;

/**
 * Signing in with username and password, for the API and the web UI alike: the failed-login limits, the
 * Argon2id check, the audit record of the outcome, and a new server-side session with its first JWT.
 */
@ApplicationScoped
public class LoginService {

    private final UserService users;
    private final LoginThrottle throttle;
    private final SessionService sessions;
    private final AuditWriter audit;

    public LoginService(UserService users, LoginThrottle throttle, SessionService sessions, AuditWriter audit) {
        this.users = users;
        this.throttle = throttle;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * The new session's JWT, its {@code auth.login} event written; or a failure, its {@code auth.failure} event
     * written: {@code 401 unauthenticated} for a wrong username or password, or a disabled user (the same answer
     * for all three), or {@code 429 rate_limited} past the limits.
     */
    public Uni<TokenIssuer.IssuedToken> signIn(String username, String password, RequestInfo info) {
        if (!UserService.wellFormedUsername(username)) {
            // no such user can exist: refused like a wrong password, without a lookup or a counted failure
            return users.authenticate(null, password).flatMap(ignored -> refused(username, info, "invalid_credentials"));
        }
        return throttle.check(username, info.ip())
                .onFailure(ApiException.class).call(e -> audit.record(failure(username, info, 429, "rate_limited")))
                .flatMap(ignored -> users.authenticate(username, password))
                .flatMap(user -> {
                    if (user == null) {
                        return refused(username, info, "invalid_credentials");
                    }
                    if (user.disabled) {
                        return refused(username, info, "user_disabled");
                    }
                    return audit.record(AuditEvent.of("auth.login").actor("user", user.username).request(info)
                            .success(200)).flatMap(ignored -> sessions.start(user, info));
                });
    }

    private Uni<TokenIssuer.IssuedToken> refused(String username, RequestInfo info, String code) {
        return audit.record(failure(UserService.wellFormedUsername(username) ? username : null, info, 401, code))
                .flatMap(ignored -> Uni.createFrom().failure(ApiException.unauthenticated("username or password is wrong")));
    }

    private static AuditEvent failure(String username, RequestInfo info, int status, String code) {
        AuditEvent event = AuditEvent.of("auth.failure").request(info).failure(status, code);
        return username == null ? event : event.actor("user", username);
    }
}
