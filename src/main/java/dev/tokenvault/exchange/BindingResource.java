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
@Tag(name = ApiDocs.BINDINGS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class BindingResource {

    private final BindingService bindings;
    private final SecurityIdentity identity;

    public BindingResource(BindingService bindings, SecurityIdentity identity) {
        this.bindings = bindings;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBinding", summary = "Bind a trusted issuer's tokens to a project",
            description = "A subject token matches when issuer and audience match and every bound claim matches (`*` "
                    + "globs, JSON pointers for nested claims). Without `project`: a personal project.")
    @APIResponseSchema(value = BindingView.class, responseCode = "201", responseDescription = "Bound.")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Uni<Response> create(BindingService.NewBinding request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return bindings.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/bindings/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(operationId = "listBindings", summary = "List the bindings the caller manages")
    @APIResponse(responseCode = "200", description = "The bindings, in one page.")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Uni<Page<BindingView>> list(@QueryParam("project") String project) {
        return bindings.list(Caller.of(identity), project);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getBinding", summary = "Get a binding")
    public Uni<BindingView> get(@PathParam("id") UUID id) {
        return bindings.get(Caller.of(identity), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteBinding", summary = "Delete a binding",
            description = "The workload JWTs issued through it stop working at once.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Response> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return bindings.delete(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
