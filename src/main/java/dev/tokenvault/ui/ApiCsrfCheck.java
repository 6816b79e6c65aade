package dev.tokenvault.ui;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.tokenvault.identity.SessionCookie;
import dev.tokenvault.platform.Problem;
import io.smallrye.mutiny.Uni;

/**
 * CSRF protection for the JSON API: an unsafe {@code /v1} request authenticated by the session cookie must carry
 * the header {@code X-CSRF-Token} with this browser's token for this user (the one the UI's pages carry, also in
 * their {@code <meta name="csrf-token">}), or it is refused with {@code 403 csrf_failed}. A request with a bearer
 * JWT or an API key and no session cookie needs no token: no browser sends those by itself. This comes on top of
 * the cookie's SameSite=Strict and of the API's JSON-only bodies.
 */
public class ApiCsrfCheck {

    public static final String HEADER = "X-CSRF-Token";
    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** Where no session exists yet: signing in, and the token exchange of machine callers. */
    static final Set<String> EXEMPT = Set.of("/v1/auth/login", "/v1/auth/token");

    private final WebSession session;

    public ApiCsrfCheck(WebSession session) {
        this.session = session;
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        if (!path.startsWith("/v1/") || SAFE.contains(request.getMethod()) || EXEMPT.contains(path)
                || cookie == null || cookie.getValue().isEmpty() || sendsApiKey(request)) {
            return Uni.createFrom().nullItem();
        }
        Cookie csrfCookie = request.getCookies().get(WebSession.CSRF_COOKIE);
        String presented = request.getHeaderString(HEADER);
        return session.optionalCaller().map(caller -> {
            if (caller == null) {
                return null; // the cookie does not authenticate: the endpoint answers 401 itself
            }
            if (session.csrfValid(csrfCookie == null ? null : csrfCookie.getValue(), caller, presented)) {
                return null;
            }
            return Problem.of(403, "csrf_failed", "a request signed in by the session cookie must carry the "
                    + HEADER + " header of this browser's session").toResponse(null);
        });
    }

    private static boolean sendsApiKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer tvk_", 0, 11);
    }
}
