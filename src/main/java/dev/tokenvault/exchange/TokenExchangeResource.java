package dev.tokenvault.exchange;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.RateLimits;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/auth/token}: RFC 8693 token exchange, form-encoded (as OAuth clients send it) or JSON.
 * Rate limited per client IP.
 */
@Path("/v1/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class TokenExchangeResource {

    private final TokenExchangeService exchange;
    private final RateLimits limits;

    public TokenExchangeResource(TokenExchangeService exchange, RateLimits limits) {
        this.exchange = exchange;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> form(@FormParam("grant_type") String grantType, @FormParam("subject_token") String subjectToken,
            @FormParam("subject_token_type") String subjectTokenType,
            @FormParam("requested_token_type") String requestedTokenType, @FormParam("audience") String audience,
            @FormParam("resource") String resource, @FormParam("scope") String scope, HttpServerRequest http) {
        return json(new TokenExchangeService.ExchangeRequest(grantType, subjectToken, subjectTokenType,
                requestedTokenType, audience, resource, scope), http);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> json(TokenExchangeService.ExchangeRequest request, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        limits.exchange(info.ip());
        return exchange.exchange(request, info)
                .map(issued -> Response.ok(issued).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                        .build());
    }
}
