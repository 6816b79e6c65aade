package dev.tokenvault.connection;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Stored credentials, in projects: who may list, create, read and delete is decided per project (members by role,
 * API keys and workloads by their permissions and scope). The token endpoint is
 * {@code dev.tokenvault.token.TokenResource}.
 */
@Path("/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ConnectionResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public ConnectionResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(NewConnection request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return connections.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(c -> Response.created(URI.create("/v1/connections/" + c.id())).entity(c).build());
    }

    @GET
    public Uni<Page<ConnectionView>> list(@QueryParam("project") String project, @QueryParam("provider") String provider,
            @QueryParam("subject") String subject, @QueryParam("status") String status,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return connections.list(Caller.of(identity), project, provider, subject, parseStatus(status),
                PageRequest.of(pageSize, pageToken));
    }

    @GET
    @Path("/{id}")
    public Uni<ConnectionView> get(@PathParam("id") UUID id) {
        return connections.get(Caller.of(identity), id);
    }

    @GET
    @Path("/{id}/status")
    public Uni<StatusView> status(@PathParam("id") UUID id) {
        return connections.status(Caller.of(identity), id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, HttpServerRequest http) {
        return connections.delete(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    static ConnectionStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ConnectionStatus.valueOf(status.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("status must be one of VALID, EXPIRING, EXPIRED, NO_TOKEN, NEEDS_REAUTH, "
                    + "ERROR, REVOKED");
        }
    }
}
