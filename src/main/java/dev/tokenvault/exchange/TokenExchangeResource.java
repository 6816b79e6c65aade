package dev.tokenvault.exchange;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.FormBody;
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

    /**
     * The form encoding OAuth clients send, decoded strictly by {@link FormBody} (the body is read whole, so a
     * subject token may be as long as the body limit allows); parameters this endpoint does not know are ignored,
     * as RFC 6749 requires.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> form(String body, HttpServerRequest http) {
        Map<String, String> form = FormBody.parse(body);
        return json(new TokenExchangeService.ExchangeRequest(form.get("grant_type"), form.get("subject_token"),
                form.get("subject_token_type"), form.get("requested_token_type"), form.get("audience"),
                form.get("resource"), form.get("scope")), http);
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
