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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.CurrentCaller;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /v1/connect/{provider}} starts the OAuth connect flow; {@code GET /v1/oauth/callback} ends it. */
@Path("/v1")
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

    public record StartRequest(String returnTo, String externalAccount, String project, String subject) {
    }

    public record StartResponse(String authorizeUrl) {
    }

    /** The JSON answer of a callback without {@code return_to}. */
    public record Connected(UUID connectionId, String provider, String externalAccount, boolean created) {
    }

    @POST
    @Path("/connect/{provider}")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@PathParam("provider") String provider, StartRequest request,
            @CookieParam(BrowserBinding.NAME) String presentedBinding) {
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
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(BrowserBinding.NAME) String presentedBinding,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, HttpServerRequest http) {
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
