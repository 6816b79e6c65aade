package dev.tokenvault.leak;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
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

/** {@code /v1/leaks}: who got a token that leaked, and revoking it everywhere. */
@Path("/v1/leaks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.LEAKS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class LeakResource {

    private final LeakService leaks;
    private final SecurityIdentity identity;

    public LeakResource(LeakService leaks, SecurityIdentity identity) {
        this.leaks = leaks;
        this.identity = identity;
    }

    @POST
    @Path("/lookup")
    @Operation(operationId = "lookupLeak", summary = "Find what a leaked token is and who received it",
            description = "By the token or its fingerprint: every connection whose current access or refresh token "
                    + "it is, every connection that handed it out before (from the audit log), every API key it is, "
                    + "each with every hand-out (when, to whom, app name, purpose, IP). Administrators see every "
                    + "project, project owners their own; anyone else gets an empty list. The lookup is audited as "
                    + "`leak.lookup` with the fingerprint, never the token.")
    @APIResponseSchema(value = LeakReport.class, responseCode = "200", responseDescription = "The matches.")
    public Uni<LeakReport> lookup(LeakQuery query, @Context HttpServerRequest http) {
        return leaks.lookup(Caller.of(identity), required(query), RequestInfo.of(http));
    }

    @POST
    @Path("/revoke")
    @Operation(operationId = "revokeLeak", summary = "Revoke a leaked token everywhere",
            description = "An API key is deleted (refused at once on every replica) and `api_key.leaked` announced. A "
                    + "connection's current token is replaced by a fresh pair through the refresh pipeline and both "
                    + "old tokens are revoked at the provider (RFC 7009); a connection that cannot be refreshed turns "
                    + "`NEEDS_REAUTH`. `connection.leaked` is announced; each revocation is audited as `leak.revoke`.")
    @APIResponseSchema(value = RevokeReport.class, responseCode = "200", responseDescription = "What was done.")
    @APIResponse(responseCode = "503", ref = ApiDocs.PROVIDER_UNAVAILABLE)
    public Uni<RevokeReport> revoke(LeakQuery query, @Context HttpServerRequest http) {
        return leaks.revoke(Caller.of(identity), required(query), RequestInfo.of(http));
    }

    private static LeakQuery required(LeakQuery query) {
        if (query == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return query;
    }
}
