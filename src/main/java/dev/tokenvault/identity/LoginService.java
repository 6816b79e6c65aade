package dev.tokenvault.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;

/**
 * Signing in with username and password, for the API and the web UI alike: the failed-login limit, the
 * Argon2id check and the audit record of the outcome. The caller turns the user into a JWT and cookie.
 */
@ApplicationScoped
public class LoginService {

    private final UserService users;
    private final LoginThrottle throttle;
    private final AuditWriter audit;

    public LoginService(UserService users, LoginThrottle throttle, AuditWriter audit) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * The signed-in user, its {@code auth.login} event written; or a failure, its {@code auth.failure} event
     * written: {@code 401 unauthenticated} for a wrong username or password (the same for both) or
     * {@code 429 rate_limited} after too many failures.
     */
    public Uni<User> signIn(String username, String password, RequestInfo info) {
        return throttle.check(username, info.ip())
                .onFailure(ApiException.class).call(e -> audit.record(failure(username, info, 429, "rate_limited")))
                .flatMap(ignored -> users.authenticate(username, password))
                .flatMap(user -> user == null
                        ? audit.record(failure(username, info, 401, "invalid_credentials"))
                                .flatMap(ignored -> Uni.createFrom().<User>failure(
                                        ApiException.unauthenticated("username or password is wrong")))
                        : audit.record(AuditEvent.of("auth.login").actor("user", user.username).request(info)
                                .success(200)).replaceWith(user));
    }

    private static AuditEvent failure(String username, RequestInfo info, int status, String code) {
        return AuditEvent.of("auth.failure").actor("user", username).request(info).failure(status, code);
    }
}
