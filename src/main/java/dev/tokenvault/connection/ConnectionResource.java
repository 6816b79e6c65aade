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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

/**
 * Stored credentials, in projects: who may list, create, read and delete is decided per project (members by role,
 * API keys and workloads by their permissions and scope). The token endpoint is
 * {@code dev.tokenvault.token.TokenResource}.
 */
@Path("/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.CONNECTIONS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ConnectionResource {

    static final String SUBJECT = "The application's own name for the account, e.g. `company-42`.";

    static final String CREATE_EXAMPLE = """
            {"project":"acme-books","provider":"github","subject":"company-42","external_account":"octocat",
             "access_token":"gho_example_access_token","refresh_token":"ghr_example_refresh_token",
             "expires_in":28800,"scopes":["repo"]}""";
    static final String CREATED_EXAMPLE = """
            {"id":"7f1c9a52-3b1e-4c55-9d0e-2a4b6c8d0e1f","project":"0b6d2f1e-8c3a-4e9b-a1d2-3c4e5f6a7b8c",
             "provider":"github","subject":"company-42","external_account":"octocat",
             "owner":"5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d","status":"VALID","scopes":["repo"],
             "expires_at":"2026-01-31T20:00:00Z","created_at":"2026-01-31T12:00:00Z",
             "updated_at":"2026-01-31T12:00:00Z","last_refreshed_at":null,"last_used_at":null,"reauth_due_at":null}""";

    private final ConnectionService connections;
    private final SecurityIdentity identity;

    public ConnectionResource(ConnectionService connections, SecurityIdentity identity) {
        this.connections = connections;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createConnection", summary = "Store a credential",
            description = "Stores an account's tokens at a provider in a project (default: the caller's personal "
                    + "project). `(project, provider, subject)` is unique, so an application finds the credential "
                    + "again by its own key. The answer carries metadata only, never the tokens.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewConnection.class),
            examples = @ExampleObject(name = "github", value = CREATE_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Stored; `Location` names the connection.",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectionView.class),
                    examples = @ExampleObject(name = "github", value = CREATED_EXAMPLE)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(NewConnection request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return connections.create(Caller.of(identity), request, RequestInfo.of(http))
                .map(c -> Response.created(URI.create("/v1/connections/" + c.id())).entity(c).build());
    }

    @GET
    @Operation(operationId = "listConnections", summary = "List the connections the caller may see",
            description = "Metadata only; every filter is optional.")
    @APIResponse(responseCode = "200", description = "A page of connections.")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Uni<Page<ConnectionView>> list(@QueryParam("project") String project,
            @QueryParam("provider") @Parameter(description = "A provider's name.") String provider,
            @QueryParam("subject") @Parameter(description = SUBJECT) String subject,
            @QueryParam("status") @Parameter(schema = @Schema(implementation = ConnectionStatus.class)) String status,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return connections.list(Caller.of(identity), project, provider, subject, parseStatus(status),
                PageRequest.of(pageSize, pageToken));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getConnection", summary = "Get a connection",
            description = "Its metadata, `health` and the last refresh outcomes (`health.history`).")
    public Uni<ConnectionView> get(@PathParam("id") UUID id) {
        return connections.get(Caller.of(identity), id);
    }

    @GET
    @Path("/{id}/status")
    @Operation(operationId = "getConnectionStatus", summary = "Get a connection's status",
            description = "Its state, why, and when the vault will try again.")
    public Uni<StatusView> status(@PathParam("id") UUID id) {
        return connections.status(Caller.of(identity), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteConnection", summary = "Delete a connection",
            description = "Destroys the stored tokens; where the provider has a revocation URL the refresh token is "
                    + "also revoked there (RFC 7009, best effort, audited).")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Response> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
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
