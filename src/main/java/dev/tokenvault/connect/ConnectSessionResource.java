package dev.tokenvault.connect;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code /v1/projects/{project}/connect-sessions}: connect links for an application's end users. */
@Path("/v1/projects/{project}/connect-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.CONNECT)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ConnectSessionResource {

    private final ConnectSessionService sessions;
    private final SecurityIdentity identity;

    public ConnectSessionResource(ConnectSessionService sessions, SecurityIdentity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createConnectSession", summary = "Make a connect link for an end user",
            description = "The end user needs no account here: `connect_url` is a page that names the project and the "
                    + "provider and leads, by the authorization-code flow with PKCE, to the provider and back. The "
                    + "connection is stored as `(project, provider, subject)` and the browser goes to `return_to` with "
                    + "`connection_id` and `status=connected`, or `status=error&error=<code>`. A link works once, "
                    + "until it expires.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ConnectSessionService.NewConnectSession.class),
            examples = @ExampleObject(name = "customer", value = """
                    {"provider":"github","subject":"company-42",
                     "return_to":"https://books.example.com/integrations/done"}""")))
    @APIResponse(responseCode = "201", description = "Created; `connect_url` is shown only here.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectSessionService.Created.class),
                    examples = @ExampleObject(name = "customer", value = """
                            {"id":"3c9e1f2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
                             "connect_url":"https://vault.example.com/connect/Xy7kQ2pR9sT4vW1zA3bC5dE8fG0hJ6mN",
                             "expires_at":"2026-01-31T12:30:00Z"}""")))
    public Uni<Response> create(@PathParam("project") String project, ConnectSessionService.NewConnectSession request,
            @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return sessions.create(Caller.of(identity), project, request, RequestInfo.of(http))
                .map(created -> Response.created(URI.create("/v1/projects/" + project + "/connect-sessions/"
                        + created.id())).entity(created).header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getConnectSession", summary = "Get a connect session's outcome",
            description = "For applications that poll instead of waiting for the browser to come back.")
    public Uni<ConnectSessionService.SessionView> get(@PathParam("project") String project, @PathParam("id") UUID id) {
        return sessions.get(Caller.of(identity), project, id);
    }
}
