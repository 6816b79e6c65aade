package dev.tokenvault.connection;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/status?provider=NAME}: the state of the caller's connection to a provider. */
@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.USER }) // a user's own connections; workloads use /v1/connections/{id}/status
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
