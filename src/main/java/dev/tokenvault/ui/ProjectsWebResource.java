package dev.tokenvault.ui;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.webhook.WebhookService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Projects in the UI: the list and a new project; a project's members, which its owners manage. */
@Path("/ui/projects")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ProjectsWebResource {

    static final int RECENT_ATTEMPTS = 10;

    private final WebResource web;
    private final ProjectService projects;
    private final WebhookService webhooks;

    public ProjectsWebResource(WebResource web, ProjectService projects, WebhookService webhooks) {
        this.web = web;
        this.projects = projects;
        this.webhooks = webhooks;
    }

    /** The project's webhook endpoints, each with its latest delivery attempts. */
    @GET
    @Path("/{project}/webhooks")
    public Uni<Response> webhooks(@PathParam("project") String project,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, project, nav -> caller -> {
            String id = nav.project().id().toString();
            return webhooks.list(caller, id)
                    .flatMap(list -> Multi.createFrom().iterable(list.items())
                            .onItem().transformToUniAndConcatenate(e -> webhooks.deliveries(caller, id, e.id(),
                                    new PageRequest(RECENT_ATTEMPTS, null)).map(page -> new Pages.Hook(e, page.items())))
                            .collect().asList())
                    .map(hooks -> WebResource.page(200, Pages.webhooks(nav, hooks)).build());
        });
    }

    @GET
    public Uni<Response> list(@CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, nav -> caller -> listView(nav, caller, null, 200));
    }

    @POST
    @Consumes(WebResource.FORM)
    public Uni<Response> create(@FormParam("csrf") String csrf, @FormParam("name") String name,
            @FormParam("display_name") String displayName, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, nav -> caller -> WebResource.showingRefusal(projects.create(caller,
                new ProjectService.NewProject(WebResource.blankToNull(name), WebResource.blankToNull(displayName)), info)
                .map(created -> WebResource.seeOther("/ui/connections?project=" + created.name())),
                (reason, status) -> listView(nav, caller, reason, status)));
    }

    private Uni<Response> listView(Pages.Nav nav, Caller caller, String error, int status) {
        return projects.list(caller, PageRequest.of(PageRequest.MAX_SIZE, null))
                .map(page -> WebResource.page(status, Pages.projects(nav, page.items(), error)).build());
    }

    @GET
    @Path("/{project}/members")
    public Uni<Response> members(@PathParam("project") String project, @QueryParam("notice") String notice,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, project, nav -> caller -> membersView(nav, caller, null, notice, 200));
    }

    @POST
    @Path("/{project}/members")
    @Consumes(WebResource.FORM)
    public Uni<Response> putMember(@PathParam("project") String project, @FormParam("csrf") String csrf,
            @FormParam("username") String username, @FormParam("role") String role,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, project, nav -> caller -> WebResource.showingRefusal(projects
                .putMember(caller, project, username == null ? "" : username.trim(),
                        new ProjectService.MemberChange(role), info)
                .map(ignored -> WebResource.seeOther("/ui/projects/" + nav.project().name() + "/members?notice=saved")),
                (reason, status) -> membersView(nav, caller, reason, null, status)));
    }

    @POST
    @Path("/{project}/members/{user}/delete")
    @Consumes(WebResource.FORM)
    public Uni<Response> removeMember(@PathParam("project") String project, @PathParam("user") String user,
            @FormParam("csrf") String csrf, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, project, nav -> caller -> WebResource.showingRefusal(projects
                .removeMember(caller, project, user, info)
                .map(ignored -> WebResource.seeOther("/ui/projects/" + nav.project().name() + "/members?notice=removed")),
                (reason, status) -> membersView(nav, caller, reason, null, status)));
    }

    private Uni<Response> membersView(Pages.Nav nav, Caller caller, String error, String notice, int status) {
        String text = notice == null ? null : switch (notice) {
            case "saved" -> "The member was saved.";
            case "removed" -> "The member was removed.";
            default -> null;
        };
        return projects.members(caller, nav.project().id().toString(), PageRequest.of(PageRequest.MAX_SIZE, null))
                .map(page -> WebResource.page(status, Pages.members(nav, page.items(), error, text)).build());
    }
}
