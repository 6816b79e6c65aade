package dev.tokenvault.apikey;

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
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /v1/api-keys}: the API keys of the caller's personal project (project keys are under
 * {@code /v1/projects/{project}/api-keys}). Workloads and API keys themselves cannot manage keys.
 */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.USER })
@Tag(name = ApiDocs.API_KEYS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    public ApiKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Create a `tokens:read` key in the caller's personal project",
            description = "`key` is shown only in this answer (`Cache-Control: no-store`); only a hash is stored.")
    @APIResponseSchema(value = ApiKeyView.class, responseCode = "201",
            responseDescription = "Created; `key` is shown once.")
    public Uni<Response> create(ApiKeyService.NewApiKey request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return keys.createPersonal(Caller.of(identity), request, RequestInfo.of(http))
                .map(key -> Response.created(URI.create("/v1/api-keys/" + key.id())).entity(key)
                        .header("Cache-Control", "no-store").build());
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List the caller's personal API keys")
    public Uni<Page<ApiKeyView>> list(@QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return keys.listPersonal(Caller.of(identity), PageRequest.of(pageSize, pageToken));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke a personal API key",
            description = "Effective immediately.")
    @APIResponse(responseCode = "204", description = "Revoked.")
    public Uni<Response> revoke(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return keys.revokePersonal(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
