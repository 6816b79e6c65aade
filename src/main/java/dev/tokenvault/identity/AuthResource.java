package dev.tokenvault.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.CurrentCaller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Login with username and password (a new session: its JWT and the session cookie) and logout. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final LoginService login;
    private final SessionService sessions;
    private final SessionCookie cookie;
    private final CurrentCaller callers;

    public AuthResource(LoginService login, SessionService sessions, SessionCookie cookie, CurrentCaller callers) {
        this.login = login;
        this.sessions = sessions;
        this.cookie = cookie;
        this.callers = callers;
    }

    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=<redacted>]";
        }
    }

    public record LoginResponse(String accessToken, String tokenType, long expiresIn) {
        @Override
        public String toString() {
            return "LoginResponse[expires_in=" + expiresIn + "]";
        }
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
        return login.signIn(username, password, RequestInfo.of(http)).map(this::admit);
    }

    /** Ends the caller's session (bearer JWT or cookie alike) and removes the cookie. */
    @POST
    @Path("/logout")
    public Uni<Response> logout() {
        return callers.optional()
                .call(caller -> caller == null || caller.session() == null ? Uni.createFrom().voidItem()
                        : sessions.end(caller.userId(), caller.session())
                                .onFailure(ApiException.class).recoverWithNull())
                .map(ignored -> Response.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear())
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private Response admit(TokenIssuer.IssuedToken token) {
        return Response.ok(new LoginResponse(token.jwt(), "Bearer", token.expiresInSeconds()))
                .header(HttpHeaders.SET_COOKIE, cookie.set(token.jwt(), token.expiresInSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
