package dev.tokenvault.token;

import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
public class TokenResource {

    private final TokenService tokens;
    private final SecurityIdentity identity;
    private final RateLimits limits;

    public TokenResource(TokenService tokens, SecurityIdentity identity, RateLimits limits) {
        this.tokens = tokens;
        this.identity = identity;
        this.limits = limits;
    }

    @GET
    public Uni<Response> token(@PathParam("id") UUID id, @QueryParam("min_ttl") @DefaultValue("60") int minTtl,
            @QueryParam("force_refresh") @DefaultValue("false") boolean forceRefresh, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        limits.tokenRead(caller);
        return tokens.token(caller, id, minTtl, forceRefresh, info).map(TokenResource::noStore);
    }

    static Response noStore(TokenView token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
