package dev.tokenvault.connection;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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
public class StatusResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public StatusResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @GET
    public Uni<StatusView> status(@QueryParam("provider") String provider) {
        return connections.statusForProvider(Caller.of(identity), provider);
    }
}
