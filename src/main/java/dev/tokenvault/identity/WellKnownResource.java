package dev.tokenvault.identity;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What standard OAuth and JWT libraries discover about this service: its JWT verification keys (RFC 7517, each
 * with its {@code kid}) and its authorization-server metadata (RFC 8414).
 */
@Path("/.well-known")
@PermitAll
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
    public Response jwks() {
        return Response.ok(keys.jwks(), "application/jwk-set+json").header("Cache-Control", "public, max-age=300")
                .build();
    }

    @GET
    @Path("/oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public ServerMetadata metadata() {
        String base = issuer.issuer();
        return new ServerMetadata(base, base + "/v1/auth/token", base + "/.well-known/jwks.json",
                List.of(TOKEN_EXCHANGE), List.of("none"), List.of());
    }
}
