package dev.tokenvault.token;

import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RateLimits;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /v1/connections/{id}/token}: a currently valid access token, the only way one leaves the vault (with
 * {@link ProjectTokenResource}, the same by the application's own key).
 */
@Path("/v1/connections/{id}/token")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.TOKENS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class TokenResource {

    /** What both token endpoints describe the same way. */
    static final String DESCRIPTION = "The token is valid for at least `min_ttl` seconds, refreshed first when "
            + "needed; concurrent callers on any replica share one refresh. When a refresh that `min_ttl` asked for "
            + "fails but the current token is still valid, the current token is returned. `force_refresh=true` says "
            + "the caller's token was refused by the provider: it is never answered with the token it already had. "
            + "Every hand-out is audited (with `X-App-Name` and `X-Purpose`) before the token leaves.";
    static final String MIN_TTL = "Seconds the returned token must stay valid.";
    static final String FORCE_REFRESH = "Refresh even a valid token (the provider refused the current one).";
    static final String APP_NAME = "The calling application's name, recorded in the audit log.";
    static final String PURPOSE = "Why the token is wanted, recorded in the audit log.";
    static final String ISSUED = "A currently valid access token (`Cache-Control: no-store`).";
    static final String NO_STORE = "no-store";
    static final String EXAMPLE = """
            {"access_token":"gho_example_access_token","token_type":"bearer","expires_at":"2026-01-31T13:00:00Z",
             "expires_in":3540,"scopes":["repo"]}""";

    private final TokenService tokens;
    private final SecurityIdentity identity;
    private final RateLimits limits;

    public TokenResource(TokenService tokens, SecurityIdentity identity, RateLimits limits) {
        this.tokens = tokens;
        this.identity = identity;
        this.limits = limits;
    }

    @GET
    @Operation(operationId = "getToken", summary = "Get a valid access token of a connection",
            description = DESCRIPTION)
    @Parameter(name = "X-App-Name", in = ParameterIn.HEADER, description = APP_NAME,
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "X-Purpose", in = ParameterIn.HEADER, description = PURPOSE,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = ISSUED,
            headers = @Header(name = "Cache-Control",
                    schema = @Schema(type = SchemaType.STRING, enumeration = NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenView.class),
                    examples = @ExampleObject(name = "token", value = EXAMPLE)))
    @APIResponse(responseCode = "409", ref = ApiDocs.NEEDS_REAUTH)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.PROVIDER_UNAVAILABLE)
    public Uni<Response> token(@PathParam("id") @Parameter(description = "The connection's id.") UUID id,
            @QueryParam("min_ttl") @DefaultValue("60") @Parameter(description = MIN_TTL, schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "0", maximum = "86400")) int minTtl,
            @QueryParam("force_refresh") @DefaultValue("false") @Parameter(description = FORCE_REFRESH)
            boolean forceRefresh, @Context HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        limits.tokenRead(caller);
        return tokens.token(caller, id, minTtl, forceRefresh, info).map(TokenResource::noStore);
    }

    static Response noStore(TokenView token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
