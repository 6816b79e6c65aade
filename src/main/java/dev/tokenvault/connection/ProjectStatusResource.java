package dev.tokenvault.connection;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/projects/{project}/status/{provider}?subject=}: the status of the connection an application names
 * by its own key; {@code {"status":"NO_TOKEN"}} when there is none.
 */
@Path("/v1/projects/{project}/status")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.CONNECTIONS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ProjectStatusResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public ProjectStatusResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @GET
    @Path("/{provider}")
    @Operation(operationId = "getProjectStatus", summary = "Get a connection's status by project, provider and subject",
            description = "`{\"status\":\"NO_TOKEN\"}` when there is no such connection (e.g. the customer has not "
                    + "connected yet).")
    @APIResponse(responseCode = "200", description = "The status; `NO_TOKEN` when there is no such connection.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<StatusView> statusFor(@PathParam("project") String project,
            @PathParam("provider") @Parameter(description = "The provider's name.") String provider,
            @QueryParam("subject") @Parameter(description = ConnectionResource.SUBJECT) String subject) {
        return connections.statusFor(Caller.of(identity), project, provider, subject);
    }
}
