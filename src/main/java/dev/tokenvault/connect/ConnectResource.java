package dev.tokenvault.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.CurrentCaller;
import dev.tokenvault.platform.Problem;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /v1/connect/{provider}} starts the OAuth connect flow; {@code GET /v1/oauth/callback} ends it. */
@Path("/v1")
@Tag(name = ApiDocs.CONNECT)
public class ConnectResource {

    private final ConnectService connect;
    private final BrowserBinding binding;
    private final CurrentCaller callers;
    private final SecurityIdentity identity;

    public ConnectResource(ConnectService connect, BrowserBinding binding, CurrentCaller callers,
            SecurityIdentity identity) {
        this.connect = connect;
        this.binding = binding;
        this.callers = callers;
        this.identity = identity;
    }

    @Schema(name = "ConnectStart")
    public record StartRequest(@Schema(description = "Where the browser goes afterwards.") String returnTo,
            String externalAccount,
            @Schema(description = "Connect into this project (default: the caller's personal project).") String project,
            @Schema(description = "The application's own name for the account (with `project`).") String subject) {
    }

    @Schema(name = "ConnectStarted", requiredProperties = "authorize_url")
    public record StartResponse(@Schema(description = "Send the browser here.") String authorizeUrl) {
    }

    /** The JSON answer of a callback without {@code return_to}. */
    @Schema(name = "ConnectFinished")
    public record Connected(UUID connectionId, String provider, String externalAccount, boolean created) {
    }

    @POST
    @Path("/connect/{provider}")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startConnect", summary = "Start the OAuth connect flow for the caller",
            description = "Answers the provider's authorization URL (state and PKCE verifier kept server-side, 10 "
                    + "minutes, single use) and binds the flow to this browser with the `__Host-tv_connect` cookie. "
                    + "The provider sends the browser back to `GET /v1/oauth/callback`. A connection in "
                    + "`NEEDS_REAUTH` is repaired this way.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT)
    @SecurityRequirement(name = ApiDocs.API_KEY)
    @SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
    @APIResponse(responseCode = "200", description = "Send the browser to `authorize_url`.",
            headers = @Header(name = HttpHeaders.SET_COOKIE, description = "The browser binding `__Host-tv_connect`.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StartResponse.class)))
    public Uni<Response> start(@PathParam("provider") @Parameter(description = "The provider's name.") String provider,
            @RequestBody(required = false) StartRequest request,
            @CookieParam(BrowserBinding.NAME) @Parameter(hidden = true) String presentedBinding) {
        StartRequest body = request == null ? new StartRequest(null, null, null, null) : request;
        String browser = binding.reuseOrNew(presentedBinding);
        return connect.start(Caller.of(identity), provider, body.project(), body.subject(), body.returnTo(),
                body.externalAccount(), browser)
                .map(started -> Response.ok(new StartResponse(started.authorizeUrl()))
                        .header(HttpHeaders.SET_COOKIE, binding.cookie(browser))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    /**
     * The provider sends the browser here. No Authorization header is needed: the state must have been started
     * by the authenticated caller, or (the usual browser case, where the cross-site redirect carries no
     * SameSite=Strict session cookie) in this browser, as the {@code __Host-tv_connect} cookie proves.
     */
    @GET
    @Path("/oauth/callback")
    @PermitAll
    @Produces({ MediaType.TEXT_HTML, MediaType.APPLICATION_JSON })
    @SecurityRequirementsSet // none needed: see the description
    @Operation(operationId = "oauthCallback", summary = "Finish the OAuth connect flow (the provider's redirect)",
            description = "Exchanges the code and stores or updates the connection. A browser is sent on to "
                    + "`return_to` (`303`, or a page that moves on by itself) or shown a page; a caller that accepts "
                    + "only `application/json` gets JSON, and its errors as `application/problem+json`. Other query "
                    + "parameters the provider adds (e.g. QuickBooks' `realmId`) are kept where its catalog entry "
                    + "says. "
                    + "No credentials are needed: the state was started by this browser (the `__Host-tv_connect` "
                    + "cookie) or by the authenticated caller.")
    @APIResponse(responseCode = "200", description = "Connected.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Connected.class)),
            @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "303", description = "Connected; on to `return_to`.",
            headers = @Header(name = HttpHeaders.LOCATION, schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "410", description = "`expired`, `used`: the flow's state is no longer valid.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "`provider_error`: the provider refused the code.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", ref = ApiDocs.PROVIDER_UNAVAILABLE)
    public Uni<Response> callback(@QueryParam("code") @Parameter(description = "The authorization code.") String code,
            @QueryParam("state") @Parameter(description = "The flow's state.") String state,
            @QueryParam("error") @Parameter(description = "The provider's error, e.g. `access_denied`.") String error,
            @CookieParam(BrowserBinding.NAME) @Parameter(hidden = true) String presentedBinding,
            @HeaderParam(HttpHeaders.ACCEPT) @Parameter(hidden = true) String accept, @Context HttpServerRequest http) {
        boolean json = wantsJson(accept);
        boolean browserNavigation = accept != null && accept.toLowerCase().contains("text/html");
        RequestInfo info = RequestInfo.of(http);
        Map<String, String> others = new HashMap<>(); // e.g. QuickBooks' realmId; the provider's entry says which to keep
        try {
            http.params().forEach(param -> others.putIfAbsent(param.getKey(), param.getValue()));
        } catch (RuntimeException malformed) {
            others.clear(); // a query that does not decode carries nothing worth keeping
        }
        return callers.optional()
                .flatMap(caller -> connect.finish(caller, presentedBinding, state, code, error, others, info))
                .map(finished -> answer(finished, json, browserNavigation))
                .onFailure(ApiException.class).recoverWithUni(e -> json
                        ? Uni.createFrom().failure(e) // problem+json through the mappers
                        : Uni.createFrom().item(failurePage((ApiException) e)));
    }

    private Response answer(ConnectService.Finished finished, boolean json, boolean browserNavigation) {
        if (finished.returnTo() != null && finished.external()) {
            // a connect session: back to the application, which the project allowed (allowed_return_urls)
            return Response.status(303).header(HttpHeaders.LOCATION, finished.returnTo())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (finished.connectionId() != null && finished.external()) {
            return Response.ok(ConnectPages.message("Connected", finished.provider()
                    + " is connected. You can close this window.", null, null), MediaType.TEXT_HTML)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (finished.returnTo() != null && !json && browserNavigation) {
            // The provider's redirect is cross-site, so the SameSite=Strict session cookie would not ride on a 303
            // from here; a page of ours that moves on by itself starts a same-site navigation, which carries it.
            return Response.ok(ConnectPages.redirect(finished.returnTo()), MediaType.TEXT_HTML)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (finished.returnTo() != null) {
            return Response.status(303).header(HttpHeaders.LOCATION, finished.returnTo())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (json) {
            return Response.ok(new Connected(finished.connectionId(), finished.provider(), finished.externalAccount(),
                    finished.created()), MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        String what = finished.provider() + (finished.externalAccount() == null ? "" : " (" + finished.externalAccount() + ")");
        return Response.ok(ConnectPages.message("Connected", what + " is connected.", "/ui/connections",
                "Go to your connected services"), MediaType.TEXT_HTML).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static Response failurePage(ApiException e) {
        Response.ResponseBuilder page = Response.status(e.status())
                .entity(ConnectPages.message("Could not connect", e.getMessage(), "/ui/connections",
                        "Back to your connected services"))
                .type(MediaType.TEXT_HTML).header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (e.retryAfterSeconds() != null) {
            page.header("Retry-After", e.retryAfterSeconds());
        }
        return page.build();
    }

    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        List<String> types = List.of(accept.toLowerCase().split(","));
        return types.stream().anyMatch(t -> t.trim().startsWith("application/json"))
                && types.stream().noneMatch(t -> t.trim().startsWith("text/html"));
    }
}
