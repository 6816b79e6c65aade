package dev.tokenvault.exchange;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** {@code /v1/issuers}: OIDC issuers whose JWTs may be exchanged for workload tokens (admin). */
@Path("/v1/issuers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = ApiDocs.ISSUERS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class IssuerResource {

    private final IssuerService issuers;
    private final SecurityIdentity identity;

    public IssuerResource(IssuerService issuers, SecurityIdentity identity) {
        this.issuers = issuers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createIssuer", summary = "Trust an OIDC issuer",
            description = "Its keys are found by OIDC discovery when `jwks_uri` is absent; `jwks` pastes them inline.")
    @APIResponseSchema(value = IssuerView.class, responseCode = "201", responseDescription = "Trusted.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(IssuerService.NewIssuer request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return issuers.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/issuers/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(operationId = "listIssuers", summary = "List the trusted issuers")
    public Uni<Page<IssuerView>> list() {
        return issuers.list();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getIssuer", summary = "Get a trusted issuer")
    public Uni<IssuerView> get(@PathParam("id") UUID id) {
        return issuers.get(id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteIssuer", summary = "Stop trusting an issuer",
            description = "Refused while bindings use it.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return issuers.delete(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
