package dev.tokenvault.exchange;

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
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /v1/bindings}: which subject tokens of trusted issuers become workloads of a project (its owners and
 * administrators).
 */
@Path("/v1/bindings")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class BindingResource {

    private final BindingService bindings;
    private final SecurityIdentity identity;

    public BindingResource(BindingService bindings, SecurityIdentity identity) {
        this.bindings = bindings;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(BindingService.NewBinding request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return bindings.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/bindings/" + view.id())).entity(view).build());
    }

    @GET
    public Uni<Page<BindingView>> list(@QueryParam("project") String project) {
        return bindings.list(Caller.of(identity), project);
    }

    @GET
    @Path("/{id}")
    public Uni<BindingView> get(@PathParam("id") UUID id) {
        return bindings.get(Caller.of(identity), id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, HttpServerRequest http) {
        return bindings.delete(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
