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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
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
@Tag(name = ApiDocs.PROJECTS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
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
    @Operation(operationId = "createProject", summary = "Create a team project",
            description = "The caller becomes its owner. `name`: lowercase letters, digits and `-`, 3 to 63 "
                    + "characters, unique.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT)
    @SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
    @APIResponseSchema(value = ProjectView.class, responseCode = "201", responseDescription = "Created.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(ProjectService.NewProject request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/projects/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(operationId = "listProjects", summary = "List the caller's projects",
            description = "With the caller's role in each; administrators see all.")
    public Uni<Page<ProjectView>> list(@QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return projects.list(Caller.of(identity), PageRequest.of(pageSize, pageToken));
    }

    @GET
    @Path("/{project}")
    @Operation(operationId = "getProject", summary = "Get a project")
    public Uni<ProjectView> get(@PathParam("project") String project) {
        return projects.get(Caller.of(identity), project);
    }

    @PATCH
    @Path("/{project}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateProject", summary = "Change a project's display name or allowed return URLs",
            description = "`allowed_return_urls` (`*` globs) say where a connect session may send the browser back to.")
    public Uni<ProjectView> change(@PathParam("project") String project, ProjectService.ProjectChange request,
            @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.change(Caller.of(identity), project, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{project}")
    @Operation(operationId = "deleteProject", summary = "Delete a team project",
            description = "With its API keys, bindings and webhooks; refused while it has connections.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> delete(@PathParam("project") String project, @Context HttpServerRequest http) {
        return projects.delete(Caller.of(identity), project, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/{project}/members")
    @Operation(operationId = "listMembers", summary = "List a project's members")
    public Uni<Page<MemberView>> members(@PathParam("project") String project,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return projects.members(Caller.of(identity), project, PageRequest.of(pageSize, pageToken));
    }

    @PUT
    @Path("/{project}/members/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putMember", summary = "Add a member or change their role",
            description = "Owners manage members and everything below; members create, connect, delete and read "
                    + "connections; viewers see but read no token. A project always keeps an owner.")
    @APIResponse(responseCode = "200", description = "The membership.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<MemberView> putMember(@PathParam("project") String project,
            @PathParam("user") @Parameter(description = "The user's id or username.") String user,
            ProjectService.MemberChange request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return projects.putMember(Caller.of(identity), project, user, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{project}/members/{user}")
    @Operation(operationId = "removeMember", summary = "Remove a member",
            description = "A project always keeps an owner.")
    @APIResponse(responseCode = "204", description = "Removed.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> removeMember(@PathParam("project") String project,
            @PathParam("user") @Parameter(description = "The user's id or username.") String user,
            @Context HttpServerRequest http) {
        return projects.removeMember(Caller.of(identity), project, user, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
