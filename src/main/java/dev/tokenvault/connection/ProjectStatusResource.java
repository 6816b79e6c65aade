package dev.tokenvault.connection;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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
public class ProjectStatusResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public ProjectStatusResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @GET
    @Path("/{provider}")
    public Uni<StatusView> statusFor(@PathParam("project") String project, @PathParam("provider") String provider,
            @QueryParam("subject") String subject) {
        return connections.statusFor(Caller.of(identity), project, provider, subject);
    }
}
