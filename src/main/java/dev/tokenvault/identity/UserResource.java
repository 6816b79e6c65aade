package dev.tokenvault.identity;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** User management for administrators. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = ApiDocs.USERS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class UserResource {

    private final UserService users;
    private final SecurityIdentity identity;

    public UserResource(UserService users, SecurityIdentity identity) {
        this.users = users;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Create a user",
            description = "With a personal project `~<username>`. Passwords are hashed with Argon2id.")
    @APIResponseSchema(value = UserView.class, responseCode = "201", responseDescription = "Created.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(UserService.NewUser request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return users.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(user -> Response.created(URI.create("/v1/users/" + user.id())).entity(user).build());
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List users")
    public Uni<Page<UserView>> list(@QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return users.list(PageRequest.of(pageSize, pageToken));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateUser", summary = "Change a user's roles, password or disabled flag",
            description = "A role change, a new password or disabling ends the user's sessions at once.")
    @APIResponse(responseCode = "200", description = "The user as changed.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<UserView> change(@PathParam("id") UUID id, UserService.UserChange request,
            @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return users.change(Caller.of(identity), id, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user",
            description = "Ends their sessions and removes their memberships and personal project; team projects keep "
                    + "their connections.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return users.delete(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
