package dev.tokenvault.exchange;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.FormBody;
import dev.tokenvault.platform.RateLimits;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/auth/token}: RFC 8693 token exchange, form-encoded (as OAuth clients send it) or JSON.
 * Rate limited per client IP. Both encodings are one operation in the OpenAPI document, described on
 * {@link #json}.
 */
@Path("/v1/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = ApiDocs.AUTHENTICATION)
@SecurityRequirementsSet // none: the subject token in the body is the credential
public class TokenExchangeResource {

    /** A request (form fields or JSON members alike). */
    static final String REQUEST_EXAMPLE = """
            {"grant_type":"urn:ietf:params:oauth:grant-type:token-exchange",
             "subject_token_type":"urn:ietf:params:oauth:token-type:jwt",
             "subject_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2lnbmF0dXJl"}""";
    static final String ISSUED_EXAMPLE = """
            {"access_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJraW5kIjoid29ya2xvYWQifQ.c2lnbmF0dXJl",
             "issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer",
             "expires_in":900}""";

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
    @Operation(hidden = true)
    public Uni<Response> form(String body, @Context HttpServerRequest http) {
        Map<String, String> form = FormBody.parse(body);
        return json(new TokenExchangeService.ExchangeRequest(form.get("grant_type"), form.get("subject_token"),
                form.get("subject_token_type"), form.get("requested_token_type"), form.get("audience"),
                form.get("resource"), form.get("scope")), http);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exchangeToken", summary = "Exchange a platform's JWT for a workload token (RFC 8693)",
            description = "A CI pipeline or workload exchanges the JWT its platform gives it (GitHub Actions, GitLab, "
                    + "Kubernetes) for a short-lived tokenvault JWT, as a binding of a trusted issuer says. The "
                    + "issued JWT lives no longer than the binding's TTL and never past the subject token's `exp`; a "
                    + "subject token is accepted once. Form-encoded, as OAuth clients send it, or JSON; parameters "
                    + "this endpoint does not know are ignored. Every refusal is the same `400 invalid_request`.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                    schema = @Schema(implementation = TokenExchangeService.ExchangeRequest.class),
                    examples = @ExampleObject(name = "GitHub Actions", value = REQUEST_EXAMPLE)),
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenExchangeService.ExchangeRequest.class),
                    examples = @ExampleObject(name = "GitHub Actions", value = REQUEST_EXAMPLE)) })
    @APIResponse(responseCode = "200", description = "The workload's JWT (`Cache-Control: no-store`).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenExchangeService.ExchangeResponse.class),
                    examples = @ExampleObject(name = "issued", value = ISSUED_EXAMPLE)))
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    public Uni<Response> json(TokenExchangeService.ExchangeRequest request, @Context HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        limits.exchange(info.ip());
        return exchange.exchange(request, info)
                .map(issued -> Response.ok(issued).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                        .build());
    }
}
