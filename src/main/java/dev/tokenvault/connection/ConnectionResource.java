package dev.tokenvault.connection;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.audit.RequestInfo;
import dev.tokenvault.identity.Caller;
import dev.tokenvault.identity.Roles;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RateLimits;
import dev.tokenvault.platform.Validation;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Stored credentials of the caller, and the token endpoint. Users (role {@code user} or {@code admin}) list,
 * create and delete; workloads and API keys (no role) only read the connections bound to them.
 */
@Path("/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ConnectionResource {

    private final ConnectionService connections;
    private final SecurityIdentity identity;
    private final RateLimits limits;

    public ConnectionResource(ConnectionService connections, SecurityIdentity identity, RateLimits limits) {
        this.connections = connections;
        this.identity = identity;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Uni<Response> create(NewConnection request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return connections.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(c -> Response.created(URI.create("/v1/connections/" + c.id())).entity(c).build());
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Uni<Page<ConnectionView>> list(@QueryParam("provider") String provider, @QueryParam("status") String status,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return connections.list(Caller.of(identity), provider, status, PageRequest.of(pageSize, pageToken));
    }

    @GET
    @Path("/{id}")
    public Uni<ConnectionView> get(@PathParam("id") String id) {
        return connections.get(Caller.of(identity), connectionId(id));
    }

    @GET
    @Path("/{id}/status")
    public Uni<StatusView> status(@PathParam("id") String id) {
        return connections.status(Caller.of(identity), connectionId(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Uni<Response> delete(@PathParam("id") String id, HttpServerRequest http) {
        return connections.delete(Caller.of(identity), connectionId(id), RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/token")
    public Uni<Response> token(@PathParam("id") String id, @QueryParam("min_ttl") @DefaultValue("60") String minTtl,
            @QueryParam("force_refresh") @DefaultValue("false") String forceRefresh, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        limits.tokenRead(caller.kind().wireName() + ":" + caller.subject());
        return connections.token(caller, connectionId(id), integer(minTtl, "min_ttl"),
                bool(forceRefresh, "force_refresh"), info)
                .map(token -> Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build());
    }

    private static UUID connectionId(String id) {
        return Validation.uuid(id, "connection");
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest(name + " must be an integer");
        }
    }

    private static boolean bool(String value, String name) {
        return switch (value.trim().toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.invalidRequest(name + " must be true or false");
        };
    }
}
