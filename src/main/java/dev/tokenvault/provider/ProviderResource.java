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
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** OAuth applications at external services (administrators only). */
@Path("/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = ApiDocs.PROVIDERS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ProviderResource {

    private final ProviderService providers;
    private final SecurityIdentity identity;

    public ProviderResource(ProviderService providers, SecurityIdentity identity) {
        this.providers = providers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProvider", summary = "Register an OAuth application at a provider",
            description = "From a catalog `template` with only what is yours (`client_id`, `client_secret`, `scopes`, "
                    + "`parameters`), or with every setting given. `client_secret` is write-only.")
    @APIResponseSchema(value = ProviderView.class, responseCode = "201", responseDescription = "Registered.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(ProviderRequest request, @Context HttpServerRequest http) {
        return providers.create(Caller.of(identity), required(request), RequestInfo.of(http))
                .map(p -> Response.created(URI.create("/v1/providers/" + p.name())).entity(p).build());
    }

    @GET
    @Operation(operationId = "listProviders", summary = "List the providers", description = "All in one page.")
    public Uni<Page<ProviderView>> list() {
        return providers.list();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getProvider", summary = "Get a provider")
    public Uni<ProviderView> get(@PathParam("name") String name) {
        return providers.get(name);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateProvider", summary = "Replace a provider's settings",
            description = "`client_secret` may be left out to keep the stored one; the name cannot change.")
    public Uni<ProviderView> update(@PathParam("name") String name, ProviderRequest request,
            @Context HttpServerRequest http) {
        return providers.update(Caller.of(identity), name, required(request), RequestInfo.of(http));
    }

    @DELETE
    @Path("/{name}")
    @Operation(operationId = "deleteProvider", summary = "Delete a provider",
            description = "Refused while connections use it.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> delete(@PathParam("name") String name, @Context HttpServerRequest http) {
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
