package dev.tokenvault.identity;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tokenvault.platform.ApiDocs;

/**
 * What standard OAuth and JWT libraries discover about this service: its JWT verification keys (RFC 7517, each
 * with its {@code kid}) and its authorization-server metadata (RFC 8414).
 */
@Path("/.well-known")
@PermitAll
@Tag(name = ApiDocs.DISCOVERY)
@SecurityRequirementsSet // public
public class WellKnownResource {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final JwtKeys keys;
    private final TokenIssuer issuer;

    public WellKnownResource(JwtKeys keys, TokenIssuer issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** RFC 8414 metadata: where the token endpoint and the keys are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerMetadata(String issuer, String tokenEndpoint, String jwksUri, List<String> grantTypesSupported,
            List<String> tokenEndpointAuthMethodsSupported, List<String> responseTypesSupported) {
    }

    @GET
    @Path("/jwks.json")
    @Produces("application/jwk-set+json")
    @Operation(operationId = "getJwks", summary = "Get the JWT verification keys (RFC 7517)",
            description = "Each key has its `kid`; a retired signing key stays here while tokens it signed live.")
    @APIResponse(responseCode = "200", description = "The JSON Web Key Set.",
            content = @Content(mediaType = "application/jwk-set+json", schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "keys",
                    properties = @SchemaProperty(name = "keys", type = SchemaType.ARRAY))))
    public Response jwks() {
        return Response.ok(keys.jwks(), "application/jwk-set+json").header("Cache-Control", "public, max-age=300")
                .build();
    }

    @GET
    @Path("/oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getAuthorizationServerMetadata",
            summary = "Get the OAuth authorization-server metadata (RFC 8414)")
    public ServerMetadata metadata() {
        String base = issuer.issuer();
        return new ServerMetadata(base, base + "/v1/auth/token", base + "/.well-known/jwks.json",
                List.of(TOKEN_EXCHANGE), List.of("none"), List.of());
    }
}
