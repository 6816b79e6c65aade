package dev.tokenvault.refresh;

import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/connections/{id}/check}: runs the validation request of the connection's provider now →
 * {@code {"connection_id","outcome":"valid|refused|inconclusive","status_code","checked_at","status","reason"}}.
 * A refused credential turns the connection NEEDS_REAUTH. Project owners and members, and API keys with
 * {@code connections:write}.
 */
@Path("/v1/connections/{id}/check")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.CONNECTIONS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class CredentialCheckResource {

    private final CredentialCheck checks;
    private final SecurityIdentity identity;

    public CredentialCheckResource(CredentialCheck checks, SecurityIdentity identity) {
        this.checks = checks;
        this.identity = identity;
    }

    @POST
    @Operation(operationId = "checkConnection", summary = "Check a stored credential at its provider now",
            description = "Runs the validation request of the connection's provider (catalog `kind: api_key` "
                    + "templates and others that have one). A refused credential turns the connection `NEEDS_REAUTH`.")
    @APIResponse(responseCode = "200", description = "What the check found, and the connection's state after it.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<CredentialCheck.Result> check(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return checks.check(Caller.of(identity), id, RequestInfo.of(http));
    }
}
