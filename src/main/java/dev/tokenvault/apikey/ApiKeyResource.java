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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    public ApiKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ApiKeyService.NewApiKey request, HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return keys.createPersonal(Caller.of(identity), request, RequestInfo.of(http))
                .map(key -> Response.created(URI.create("/v1/api-keys/" + key.id())).entity(key)
                        .header("Cache-Control", "no-store").build());
    }

    @GET
    public Uni<Page<ApiKeyView>> list(@QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        return keys.listPersonal(Caller.of(identity), PageRequest.of(pageSize, pageToken));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id, HttpServerRequest http) {
        return keys.revokePersonal(Caller.of(identity), id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
