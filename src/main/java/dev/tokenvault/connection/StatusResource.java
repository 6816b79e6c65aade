package dev.tokenvault.connection;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/status?provider=NAME}: the status of the caller's connection to a provider in their default project
 * (a user's personal project, a machine credential's own).
 */
@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.CONNECTIONS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class StatusResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public StatusResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "getStatus", summary = "Get the status of the caller's connection to a provider",
            description = "In the caller's default project (a user's personal project, a machine credential's own); "
                    + "`{\"status\":\"NO_TOKEN\"}` when there is none.")
    public Uni<StatusView> status(
            @QueryParam("provider") @Parameter(required = true, example = "github") String provider) {
        return connections.statusForProvider(Caller.of(identity), provider);
    }
}
