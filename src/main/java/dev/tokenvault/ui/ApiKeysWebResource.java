package dev.tokenvault.ui;

import java.util.List;
import java.util.UUID;

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

import dev.tokenvault.apikey.ApiKeyService;
import dev.tokenvault.apikey.ApiKeyView;
import dev.tokenvault.connection.ConnectionService;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * A project's API keys: list, create with permissions and an optional choice of connections (the key is shown
 * once, on the page that answers the creation, with a copy button), revoke. The page that shows a key is never
 * cached.
 */
@Path("/ui/api-keys")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ApiKeysWebResource {

    private final WebResource web;
    private final ApiKeyService keys;
    private final ConnectionService connections;

    public ApiKeysWebResource(WebResource web, ApiKeyService keys, ConnectionService connections) {
        this.web = web;
        this.keys = keys;
        this.connections = connections;
    }

    @GET
    public Uni<Response> page(@QueryParam("project") String project, @QueryParam("notice") String notice,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, project, nav -> caller -> view(nav, caller, null, null, notice, 200));
    }

    @POST
    @Consumes(WebResource.FORM)
    public Uni<Response> create(@FormParam("csrf") String csrf, @FormParam("project") String project,
            @FormParam("name") String name, @FormParam("permission") List<String> permissions,
            @FormParam("connection_id") List<String> connectionIds,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        ApiKeyService.NewProjectApiKey request = new ApiKeyService.NewProjectApiKey(WebResource.blankToNull(name),
                permissions == null ? List.of() : permissions, null,
                connectionIds == null || connectionIds.isEmpty() ? null : connectionIds, null);
        return web.form(csrfCookie, csrf, project, nav -> caller -> WebResource.showingRefusal(keys
                .create(caller, nav.project().id().toString(), request, info)
                .flatMap(created -> view(nav, caller, created, null, null, 201))
                .map(response -> Response.fromResponse(response).header(HttpHeaders.CACHE_CONTROL, "no-store").build()),
                (reason, status) -> view(nav, caller, null, reason, null, status)));
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(WebResource.FORM)
    public Uni<Response> revoke(@PathParam("id") UUID id, @FormParam("csrf") String csrf,
            @FormParam("project") String project, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, project, nav -> caller -> keys.revoke(caller, nav.project().id().toString(),
                id, info).map(ignored -> WebResource.seeOther("/ui/api-keys?notice=revoked&project=" + nav.project().id())));
    }

    private Uni<Response> view(Pages.Nav nav, Caller caller, ApiKeyView created, String error, String notice,
            int status) {
        String project = nav.project().id().toString();
        return keys.list(caller, project, PageRequest.of(PageRequest.MAX_SIZE, null))
                .flatMap(list -> connections.list(caller, project, null, null, null,
                        PageRequest.of(PageRequest.MAX_SIZE, null))
                        .map(own -> WebResource.page(status, Pages.apiKeys(nav, list.items(), own.items(), created,
                                error, "revoked".equals(notice) ? "The key was revoked." : null)).build()));
    }
}
