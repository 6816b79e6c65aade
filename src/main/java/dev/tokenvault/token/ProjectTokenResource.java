package dev.tokenvault.token;


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
 * {@code GET /v1/projects/{project}/tokens/{provider}?subject=}: a currently valid access token of the connection an
 * application names by its own key, answered exactly like {@link TokenResource}.
 */
@Path("/v1/projects/{project}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
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
    public Uni<Response> tokenFor(@PathParam("project") String project, @PathParam("provider") String provider,
            @QueryParam("subject") String subject, @QueryParam("min_ttl") @DefaultValue("60") int minTtl,
            @QueryParam("force_refresh") @DefaultValue("false") boolean forceRefresh, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        limits.tokenRead(caller);
        return tokens.tokenFor(caller, project, provider, subject, minTtl, forceRefresh, info)
                .map(TokenResource::noStore);
    }
}
