package dev.tokenvault.provider;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** OAuth applications at external services (administrators only). */
@Path("/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ProviderResource {

    private final ProviderService providers;
    private final SecurityIdentity identity;

    public ProviderResource(ProviderService providers, SecurityIdentity identity) {
        this.providers = providers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ProviderRequest request, HttpServerRequest http) {
        return providers.create(Caller.of(identity), required(request), RequestInfo.of(http))
                .map(p -> Response.created(URI.create("/v1/providers/" + p.name())).entity(p).build());
    }

    @GET
    public Uni<Page<ProviderView>> list() {
        return providers.list();
    }

    @GET
    @Path("/{name}")
    public Uni<ProviderView> get(@PathParam("name") String name) {
        return providers.get(name);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProviderView> update(@PathParam("name") String name, ProviderRequest request, HttpServerRequest http) {
        return providers.update(Caller.of(identity), name, required(request), RequestInfo.of(http));
    }

    @DELETE
    @Path("/{name}")
    public Uni<Response> delete(@PathParam("name") String name, HttpServerRequest http) {
        return providers.delete(Caller.of(identity), name, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    private static ProviderRequest required(ProviderRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return request;
    }
}
