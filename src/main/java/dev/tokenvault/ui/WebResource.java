package dev.tokenvault.ui;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.audit.AuditQuery;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.connect.BrowserBinding;
import dev.tokenvault.connect.ConnectService;
import dev.tokenvault.connect.ConnectSessionService;
import dev.tokenvault.connection.ConnectionService;
import dev.tokenvault.identity.LoginService;
import dev.tokenvault.identity.SessionCookie;
import dev.tokenvault.identity.SessionService;
import dev.tokenvault.identity.TokenIssuer;
import dev.tokenvault.identity.UserService;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.project.ProjectView;
import dev.tokenvault.provider.ProviderService;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The people's UI: sign in, connected services, connect, revoke, sign out. Server-rendered (Qute), no script.
 * Pages ask {@link WebSession} who is signed in and send everyone else to the sign-in page; every form posts
 * form-encoded with a CSRF token, and these endpoints call the same services as the API.
 */
@Path("/ui")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class WebResource {

    static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;
    static final int RECENT_EVENTS = 20;

    private final WebSession session;
    private final SessionCookie sessionCookie;
    private final SessionService sessions;
    private final LoginService login;
    private final ConnectionService connections;
    private final ProviderService providers;
    private final AuditService auditLog;
    private final ConnectService connect;
    private final BrowserBinding binding;
    private final ProjectService projects;
    private final ConnectSessionService connectSessions;

    public WebResource(WebSession session, SessionCookie sessionCookie, SessionService sessions, LoginService login,
            ConnectionService connections, ProviderService providers, AuditService auditLog, ConnectService connect,
            BrowserBinding binding, ProjectService projects, ConnectSessionService connectSessions) {
        this.projects = projects;
        this.connectSessions = connectSessions;
        this.session = session;
        this.sessionCookie = sessionCookie;
        this.sessions = sessions;
        this.login = login;
        this.connections = connections;
        this.providers = providers;
        this.auditLog = auditLog;
        this.connect = connect;
        this.binding = binding;
    }

    @GET
    public Response home() {
        return seeOther("/ui/connections");
    }

    // ------------------------------------------------------------------------------------ sign in and out

    @GET
    @Path("/login")
    public Uni<Response> loginPage(@CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return session.optionalCaller().map(caller -> {
            if (caller != null && caller.kind() == Caller.Kind.USER) {
                return seeOther("/ui/connections");
            }
            String cookie = csrfCookie == null || csrfCookie.isBlank() ? WebSession.newCsrfCookieValue() : csrfCookie;
            return page(200, Pages.login(null, session.csrfToken(cookie, null), null, null))
                    .header(HttpHeaders.SET_COOKIE, session.csrfCookie(cookie)).build();
        });
    }

    @POST
    @Path("/login")
    @Consumes(FORM)
    public Uni<Response> login(@FormParam("username") String username, @FormParam("password") String password,
            @FormParam("csrf") String csrf, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            HttpServerRequest http) {
        if (!session.csrfValid(csrfCookie, null, csrf)) {
            return Uni.createFrom().item(csrfRefused(null));
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()
                || username.length() > 256 || password.length() > UserService.MAX_PASSWORD) {
            return Uni.createFrom().item(loginFailed(400, csrfCookie, username, "Enter your username and password."));
        }
        RequestInfo info = RequestInfo.of(http);
        return login.signIn(username, password, info)
                .map(this::admit)
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    int status = ((ApiException) e).status();
                    return loginFailed(status, csrfCookie, username, switch (status) {
                        case 401 -> "Username or password is wrong.";
                        case 429 -> "Too many attempts. Wait a few minutes and try again.";
                        default -> "Signing in failed. Try again.";
                    });
                });
    }

    private Response admit(TokenIssuer.IssuedToken token) {
        return Response.seeOther(URI.create("/ui/connections"))
                // a new session and a new CSRF cookie at every sign-in
                .header(HttpHeaders.SET_COOKIE, sessionCookie.set(token.jwt(), token.expiresInSeconds()))
                .header(HttpHeaders.SET_COOKIE, session.csrfCookie(WebSession.newCsrfCookieValue()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response loginFailed(int status, String csrfCookie, String username, String error) {
        return page(status, Pages.login(null, session.csrfToken(csrfCookie, null), username, error)).build();
    }


    @POST
    @Path("/logout")
    @Consumes(FORM)
    public Uni<Response> logout(@FormParam("csrf") String csrf, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return session.optionalCaller().flatMap(caller -> {
            if (caller != null && !session.csrfValid(csrfCookie, caller, csrf)) {
                return Uni.createFrom().item(csrfRefused(plainNav(caller, csrfCookie)));
            }
            Uni<Void> ended = caller == null || caller.session() == null ? Uni.createFrom().voidItem()
                    : sessions.end(caller.userId(), caller.session()).onFailure(ApiException.class).recoverWithNull();
            return ended.map(ignored -> Response.seeOther(URI.create("/ui/login"))
                    .header(HttpHeaders.SET_COOKIE, sessionCookie.clear())
                    .header(HttpHeaders.SET_COOKIE, session.clearCsrfCookie())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
        });
    }

    // ---------------------------------------------------------------------------------------- connections

    @GET
    @Path("/connections")
    public Uni<Response> connectionsPage(@QueryParam("project") String project, @QueryParam("notice") String notice,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return signedIn(csrfCookie, project, nav -> caller -> connectionsView(nav, caller, noticeText(notice), null,
                null, 200));
    }

    Uni<Response> connectionsView(Pages.Nav nav, Caller caller, String notice, String connectLink, String error,
            int status) {
        return connections.list(caller, nav.project().id().toString(), null, null, null,
                        PageRequest.of(PageRequest.MAX_SIZE, null))
                .flatMap(page -> providers.list().map(all -> Pages.connections(nav, page.items(),
                        all.items().stream().filter(p -> p.authorizeUrl() != null).toList(), notice, connectLink,
                        error)))
                .map(t -> page(status, t).build());
    }

    @GET
    @Path("/connections/{id}")
    public Uni<Response> connectionPage(@PathParam("id") UUID id,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return signedIn(csrfCookie, nav -> caller -> connections.get(caller, id)
                .flatMap(c -> projects.auditVisibility(caller).flatMap(visibility -> auditLog.query(visibility,
                        new AuditQuery(null, c.id(), null, null, null, null, null), PageRequest.of(RECENT_EVENTS, null)))
                        .map(events -> Pages.connection(nav, c, events.items())))
                .map(t -> page(200, t).build()));
    }

    @GET
    @Path("/connections/{id}/revoke")
    public Uni<Response> revokePage(@PathParam("id") UUID id, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return signedIn(csrfCookie, nav -> caller -> connections.get(caller, id)
                .map(c -> page(200, Pages.revoke(nav, c)).build()));
    }

    @POST
    @Path("/connections/{id}/revoke")
    @Consumes(FORM)
    public Uni<Response> revoke(@PathParam("id") UUID id, @FormParam("csrf") String csrf,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return form(csrfCookie, csrf, nav -> caller -> connections.get(caller, id)
                .flatMap(c -> connections.delete(caller, id, info).map(ignored -> c))
                .map(c -> seeOther("/ui/connections?notice=revoked&project=" + c.project())));
    }

    /** Starts the connect flow (also "Reconnect", which passes the account) and sends the browser on. */
    @POST
    @Path("/connect/{provider}")
    @Consumes(FORM)
    public Uni<Response> connect(@PathParam("provider") String provider, @FormParam("csrf") String csrf,
            @FormParam("external_account") String externalAccount, @FormParam("project") String project,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            @CookieParam(BrowserBinding.NAME) String presentedBinding) {
        String browser = binding.reuseOrNew(presentedBinding);
        return form(csrfCookie, csrf, project, nav -> caller -> connect.start(caller, provider,
                nav.project().id().toString(), null,
                "/ui/connections?notice=connected&project=" + nav.project().id(),
                externalAccount == null || externalAccount.isBlank() ? null : externalAccount, browser)
                .map(started -> Response.seeOther(URI.create(started.authorizeUrl()))
                        .header(HttpHeaders.SET_COOKIE, binding.cookie(browser))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build()));
    }

    /** A connect link for an end user of the project (a connect session), shown on the connections page. */
    @POST
    @Path("/connect-links")
    @Consumes(FORM)
    public Uni<Response> connectLink(@FormParam("csrf") String csrf, @FormParam("project") String project,
            @FormParam("provider") String provider, @FormParam("subject") String subject,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return form(csrfCookie, csrf, project, nav -> caller -> showingRefusal(connectSessions
                .create(caller, nav.project().id().toString(), new ConnectSessionService.NewConnectSession(
                        blankToNull(provider), blankToNull(subject), null, null), info)
                .flatMap(created -> connectionsView(nav, caller, null, created.connectUrl(), null, 201))
                .map(response -> Response.fromResponse(response).header(HttpHeaders.CACHE_CONTROL, "no-store").build()),
                (reason, status) -> connectionsView(nav, caller, null, null, reason, status)));
    }

    // The API keys pages are in ApiKeysWebResource.

    // ------------------------------------------------------------------------------------------ plumbing

    /** On a refusal the user can fix (a 4xx other than 403), the form's page again with the reason. */
    static Uni<Response> showingRefusal(Uni<Response> action, BiFunction<String, Integer, Uni<Response>> page) {
        return action.onFailure(e -> e instanceof ApiException a && a.status() < 500 && a.status() != 403)
                .recoverWithUni(e -> page.apply(e.getMessage(), ((ApiException) e).status()));
    }

    /** A page for a signed-in user about their personal project; everyone else goes to the sign-in page. */
    Uni<Response> signedIn(String csrfCookie, Function<Pages.Nav, Function<Caller, Uni<Response>>> render) {
        return signedIn(csrfCookie, null, render);
    }

    /** A page for a signed-in user about {@code project} (id or name; null: their personal project). */
    Uni<Response> signedIn(String csrfCookie, String project,
            Function<Pages.Nav, Function<Caller, Uni<Response>>> render) {
        return session.optionalCaller().flatMap(caller -> {
            if (caller == null || caller.kind() != Caller.Kind.USER) {
                return Uni.createFrom().item(toLogin());
            }
            boolean fresh = csrfCookie == null || csrfCookie.isBlank();
            String cookie = fresh ? WebSession.newCsrfCookieValue() : csrfCookie;
            return nav(caller, cookie, project)
                    .flatMap(nav -> Uni.createFrom().deferred(() -> render.apply(nav).apply(caller))
                            .onFailure(ApiException.class).recoverWithItem(e -> errorPage(nav, (ApiException) e)))
                    .onFailure(ApiException.class).recoverWithItem(e -> errorPage(plainNav(caller, cookie),
                            (ApiException) e))
                    .map(response -> fresh ? withCookie(response, session.csrfCookie(cookie)) : response);
        });
    }

    /** A form post of a signed-in user, with a valid CSRF token. */
    Uni<Response> form(String csrfCookie, String csrf, Function<Pages.Nav, Function<Caller, Uni<Response>>> action) {
        return form(csrfCookie, csrf, null, action);
    }

    /** A form post about {@code project} (id or name; null: the personal project), with a valid CSRF token. */
    Uni<Response> form(String csrfCookie, String csrf, String project,
            Function<Pages.Nav, Function<Caller, Uni<Response>>> action) {
        return session.optionalCaller().flatMap(caller -> {
            if (caller == null || caller.kind() != Caller.Kind.USER) {
                return Uni.createFrom().item(toLogin());
            }
            if (!session.csrfValid(csrfCookie, caller, csrf)) {
                return Uni.createFrom().item(csrfRefused(plainNav(caller, csrfCookie)));
            }
            return nav(caller, csrfCookie, project)
                    .flatMap(nav -> Uni.createFrom().deferred(() -> action.apply(nav).apply(caller))
                            .onFailure(ApiException.class).recoverWithItem(e -> errorPage(nav, (ApiException) e)))
                    .onFailure(ApiException.class).recoverWithItem(e -> errorPage(plainNav(caller, csrfCookie),
                            (ApiException) e));
        });
    }

    /** The header of a page: the user's projects, and the one the page is about (it must be one of them). */
    Uni<Pages.Nav> nav(Caller caller, String csrfCookie, String project) {
        String csrf = csrfCookie == null ? "" : session.csrfToken(csrfCookie, caller);
        return projects.list(caller, new PageRequest(PageRequest.MAX_SIZE, null))
                .flatMap(mine -> {
                    List<ProjectView> own = caller.isAdmin() ? mine.items().stream()
                            .filter(p -> p.role() != null).toList() : mine.items();
                    ProjectView current = own.stream().filter(p -> project == null ? p.personal()
                            : p.name().equals(project) || p.id().toString().equals(project)).findFirst().orElse(null);
                    if (current != null) {
                        return Uni.createFrom().item(new Pages.Nav(caller.auditSubject(), caller.isAdmin(), csrf, own,
                                current));
                    }
                    // an administrator may look at a project they are not a member of; a personal project made now
                    Uni<ProjectView> other = project != null ? projects.get(caller, project)
                            : projects.personal(caller.userId()).flatMap(p -> projects.get(caller, p.id.toString()));
                    return other.map(p -> new Pages.Nav(caller.auditSubject(), caller.isAdmin(), csrf, own, p));
                });
    }

    Pages.Nav plainNav(Caller caller, String csrfCookie) {
        return new Pages.Nav(caller.auditSubject(), caller.isAdmin(),
                csrfCookie == null ? "" : session.csrfToken(csrfCookie, caller), List.of(), null);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static Response.ResponseBuilder page(int status, TemplateInstance template) {
        return Response.status(status).entity(template).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self' "
                        + "http: https:; base-uri 'none'");
    }

    static Response errorPage(Pages.Nav nav, ApiException e) {
        String title = switch (e.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 409 -> "Conflict";
            default -> e.status() >= 500 ? "Something went wrong" : "That did not work";
        };
        return page(e.status(), Pages.message(nav, title, e.getMessage(), "/ui/connections", "Back to connected services"))
                .build();
    }

    static Response csrfRefused(Pages.Nav nav) {
        return page(403, Pages.message(nav, "Form expired",
                "This form expired or did not come from this site, so nothing was changed. Reload the page and try again.",
                "/ui/connections", "Back to connected services")).build();
    }

    Response toLogin() {
        return Response.seeOther(URI.create("/ui/login")).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    static Response withCookie(Response response, String cookie) {
        return Response.fromResponse(response).header(HttpHeaders.SET_COOKIE, cookie).build();
    }

    static String noticeText(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "revoked" -> "The connection was revoked.";
            case "connected" -> "The service is connected.";
            default -> null;
        };
    }
}
