package dev.tokenvault.apikey;

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
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code /v1/projects/{project}/api-keys}: a project's API keys, with permissions and an optional scope. */
@Path("/v1/projects/{project}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.API_KEYS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ProjectApiKeyResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    public ProjectApiKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProjectApiKey", summary = "Create a project API key",
            description = "With permissions (`tokens:read`, `connections:write`, `connect`) and optionally limited to "
                    + "some `providers` or `connection_ids`. The key belongs to the project, not to its maker. "
                    + "`key` is shown only in this answer (`Cache-Control: no-store`); only a hash is stored.")
    @APIResponseSchema(value = ApiKeyView.class, responseCode = "201",
            responseDescription = "Created; `key` is shown once.")
    public Uni<Response> create(@PathParam("project") String project, ApiKeyService.NewProjectApiKey request,
            @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return keys.create(Caller.of(identity), project, request, RequestInfo.of(http))
                .map(key -> Response.created(URI.create("/v1/projects/" + key.project() + "/api-keys/" + key.id()))
                        .entity(key)
                        .header("Cache-Control", "no-store").build());
    }

    @GET
    @Operation(operationId = "listProjectApiKeys", summary = "List a project's API keys")
    public Uni<Page<ApiKeyView>> list(@PathParam("project") String project,
            @QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return keys.list(Caller.of(identity), project, PageRequest.of(pageSize, pageToken));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeProjectApiKey", summary = "Revoke a project API key",
            description = "Effective immediately.")
    @APIResponse(responseCode = "204", description = "Revoked.")
    public Uni<Response> revoke(@PathParam("project") String project, @PathParam("id") UUID id,
            @Context HttpServerRequest http) {
        return keys.revoke(Caller.of(identity), project, id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
