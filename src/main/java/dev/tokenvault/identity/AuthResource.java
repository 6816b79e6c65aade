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
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Login with username and password (JWT plus session cookie) and logout. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final LoginService login;
    private final TokenIssuer issuer;
    private final SessionCookie cookie;

    public AuthResource(LoginService login, TokenIssuer issuer, SessionCookie cookie) {
        this.login = login;
        this.issuer = issuer;
        this.cookie = cookie;
    }

    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=<redacted>]";
        }
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
        return login.signIn(username, password, info).map(this::admit);
    }

    @POST
    @Path("/logout")
    public Response logout() {
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response admit(User user) {
        TokenIssuer.IssuedToken token = issuer.forUser(user);
        return Response.ok(new LoginResponse(token.jwt(), "Bearer", token.expiresInSeconds()))
                .header(HttpHeaders.SET_COOKIE, cookie.set(token.jwt(), token.expiresInSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
