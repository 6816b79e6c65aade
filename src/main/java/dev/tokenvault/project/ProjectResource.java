package dev.tokenvault.project;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code /v1/projects}: projects and their members. {@code {project}} is a project's id or name. */
@Path("/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ProjectResource {

    private final ProjectService projects;
    private final SecurityIdentity identity;

    public ProjectResource(ProjectService projects, SecurityIdentity identity) {
        this.projects = projects;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Uni<Response> create(ProjectService.NewProject request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/projects/" + view.id())).entity(view).build());
    }

    @GET
    public Uni<Page<ProjectView>> list(@QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return projects.list(Caller.of(identity), PageRequest.of(pageSize, pageToken));
    }

    @GET
    @Path("/{project}")
    public Uni<ProjectView> get(@PathParam("project") String project) {
        return projects.get(Caller.of(identity), project);
    }

    @PATCH
    @Path("/{project}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProjectView> change(@PathParam("project") String project, ProjectService.ProjectChange request,
            HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.change(Caller.of(identity), project, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{project}")
    public Uni<Response> delete(@PathParam("project") String project, HttpServerRequest http) {
        return projects.delete(Caller.of(identity), project, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/{project}/members")
    public Uni<Page<MemberView>> members(@PathParam("project") String project,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return projects.members(Caller.of(identity), project, PageRequest.of(pageSize, pageToken));
    }

    @PUT
    @Path("/{project}/members/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MemberView> putMember(@PathParam("project") String project, @PathParam("user") String user,
            ProjectService.MemberChange request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.putMember(Caller.of(identity), project, user, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{project}/members/{user}")
    public Uni<Response> removeMember(@PathParam("project") String project, @PathParam("user") String user,
            HttpServerRequest http) {
        return projects.removeMember(Caller.of(identity), project, user, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
