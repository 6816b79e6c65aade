package dev.tokenvault.token;

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
 * {@code GET /v1/projects/{project}/tokens/{provider}?subject=}: a currently valid access token of the connection an
 * application names by its own key, answered exactly like {@link TokenResource}.
 */
@Path("/v1/projects/{project}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.TOKENS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class ProjectTokenResource {

    private final TokenService tokens;
    private final SecurityIdentity identity;
    private final RateLimits limits;

    public ProjectTokenResource(TokenService tokens, SecurityIdentity identity, RateLimits limits) {
        this.tokens = tokens;
        this.identity = identity;
        this.limits = limits;
    }

    @GET
    @Path("/{provider}")
    @Operation(operationId = "getProjectToken", summary = "Get a valid access token by project, provider and subject",
            description = "Answers exactly like `getToken`, for the connection `(project, provider, subject)`. "
                    + "Without `subject` it serves the project's only connection to the provider. "
                    + TokenResource.DESCRIPTION)
    @Parameter(name = "X-App-Name", in = ParameterIn.HEADER, description = TokenResource.APP_NAME,
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "X-Purpose", in = ParameterIn.HEADER, description = TokenResource.PURPOSE,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = TokenResource.ISSUED,
            headers = @Header(name = "Cache-Control",
                    schema = @Schema(type = SchemaType.STRING, enumeration = TokenResource.NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenView.class),
                    examples = @ExampleObject(name = "token", value = TokenResource.EXAMPLE)))
    @APIResponse(responseCode = "409", ref = ApiDocs.NEEDS_REAUTH_OR_AMBIGUOUS)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.PROVIDER_UNAVAILABLE)
    public Uni<Response> tokenFor(@PathParam("project") String project,
            @PathParam("provider") @Parameter(description = "The provider's name.", example = "github") String provider,
            @QueryParam("subject") @Parameter(description = "The application's own name for the account.",
                    example = "company-42") String subject,
            @QueryParam("min_ttl") @DefaultValue("60") @Parameter(description = TokenResource.MIN_TTL, schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "0", maximum = "86400")) int minTtl,
            @QueryParam("force_refresh") @DefaultValue("false") @Parameter(description = TokenResource.FORCE_REFRESH)
            boolean forceRefresh, @Context HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        limits.tokenRead(caller);
        return tokens.tokenFor(caller, project, provider, subject, minTtl, forceRefresh, info)
                .map(TokenResource::noStore);
    }
}
