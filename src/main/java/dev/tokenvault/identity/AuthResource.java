package dev.tokenvault.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
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
@Tag(name = ApiDocs.AUTHENTICATION)
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

    @Schema(requiredProperties = { "username", "password" })
    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=<redacted>]";
        }
    }

    @Schema(requiredProperties = { "access_token", "token_type", "expires_in" })
    public record LoginResponse(@Schema(description = "A JWT to send as `Authorization: Bearer`.") String accessToken,
            @Schema(enumeration = "Bearer") String tokenType,
            @Schema(description = "Seconds until the JWT expires.") long expiresIn) {
        @Override
        public String toString() {
            return "LoginResponse[expires_in=" + expiresIn + "]";
        }
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @Operation(operationId = "login", summary = "Sign in with username and password",
            description = "Starts a session: answers its JWT and sets the same JWT as the `__Host-tv_session` cookie "
                    + "(`HttpOnly; Secure; SameSite=Strict`). A wrong username and a wrong password give the same "
                    + "`401`; repeated failures are rate limited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LoginRequest.class),
            examples = @ExampleObject(name = "login", value = """
                    {"username":"alice","password":"correct horse battery staple"}""")))
    @APIResponse(responseCode = "200", description = "Signed in.",
            headers = @Header(name = HttpHeaders.SET_COOKIE, description = "The session cookie `__Host-tv_session`.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoginResponse.class),
                    examples = @ExampleObject(name = "signed in", value = """
                            {"access_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl",
                             "token_type":"Bearer","expires_in":3600}""")))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHENTICATED)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    public Uni<Response> login(LoginRequest request, @Context HttpServerRequest http) {
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
    @Operation(operationId = "logout", summary = "Sign out",
            description = "Ends the caller's session, for the bearer JWT and the cookie alike, on every replica, and "
                    + "removes the cookie. Answers `204` without a session too.")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = ApiDocs.BEARER_JWT))
    @SecurityRequirementsSet(@SecurityRequirement(name = ApiDocs.SESSION_COOKIE))
    @APIResponse(responseCode = "204", description = "Signed out; the cookie is removed (`Max-Age=0`).")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
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
