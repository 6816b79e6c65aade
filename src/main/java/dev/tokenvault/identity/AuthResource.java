package dev.tokenvault.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.audit.RequestInfo;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Login with username and password (JWT plus session cookie) and logout. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final UserService users;
    private final LoginThrottle throttle;
    private final TokenIssuer issuer;
    private final SessionCookie cookie;
    private final AuditWriter audit;

    public AuthResource(UserService users, LoginThrottle throttle, TokenIssuer issuer, SessionCookie cookie,
            AuditWriter audit) {
        this.users = users;
        this.throttle = throttle;
        this.issuer = issuer;
        this.cookie = cookie;
        this.audit = audit;
    }

    public record LoginRequest(String username, String password) {
    }

    public record LoginResponse(String accessToken, String tokenType, long expiresIn) {
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> login(LoginRequest request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        String username = Validation.required(request.username(), "username", 256);
        String password = Validation.required(request.password(), "password", UserService.MAX_PASSWORD);
        RequestInfo info = RequestInfo.of(http);
        return throttle.check(username, info.ip())
                .onFailure(ApiException.class).call(e -> audit.record(failure(username, info, 429, "rate_limited")))
                .flatMap(ignored -> users.authenticate(username, password))
                .flatMap(user -> user == null ? refuse(username, info) : admit(user, info));
    }

    @POST
    @Path("/logout")
    public Response logout() {
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Uni<Response> admit(User user, RequestInfo info) {
        TokenIssuer.IssuedToken token = issuer.forUser(user);
        AuditEvent event = AuditEvent.of("auth.login").actor("user", user.username).request(info).success(200);
        return audit.record(event).map(ignored -> Response.ok(
                new LoginResponse(token.jwt(), "Bearer", token.expiresInSeconds()))
                .header(HttpHeaders.SET_COOKIE, cookie.set(token.jwt(), token.expiresInSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }

    private Uni<Response> refuse(String username, RequestInfo info) {
        return audit.record(failure(username, info, 401, "invalid_credentials"))
                .map(ignored -> {
                    throw ApiException.unauthenticated("username or password is wrong");
                });
    }

    private static AuditEvent failure(String username, RequestInfo info, int status, String code) {
        return AuditEvent.of("auth.failure").actor("user", username).request(info).failure(status, code);
    }
}
