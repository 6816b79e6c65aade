package dev.tokenvault.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Cookies;
import dev.tokenvault.platform.RandomTokens;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The page behind a connect link, for an end user who has no account here: it names the project and the provider
 * and, when the person chooses to go on, sends them to the provider (authorization code with PKCE). The choice is
 * a form on this page: a page cookie (SameSite=Strict) that the form must echo keeps another site from posting it
 * on the person's behalf.
 */
@Path(ConnectSessionService.PAGE_PATH + "{secret}")
@PermitAll
@Tag(name = ApiDocs.CONNECT)
@SecurityRequirementsSet // public: the link's secret is the credential
public class ConnectSessionPage {

    static final String PAGE_COOKIE = "__Host-tv_connect_page";
    static final long PAGE_COOKIE_SECONDS = 3600;

    private final ConnectSessionService sessions;
    private final BrowserBinding binding;
    private final Cookies cookies;

    public ConnectSessionPage(ConnectSessionService sessions, BrowserBinding binding, Cookies cookies) {
        this.sessions = sessions;
        this.binding = binding;
        this.cookies = cookies;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "openConnectPage", summary = "The page behind a connect link (`connect_url`)",
            description = "An HTML page for the end user, not for programs: it names the project and the provider and, "
                    + "when the person goes on, sends them to the provider. An unknown, used or expired link shows a "
                    + "page saying so.")
    @APIResponse(responseCode = "200", description = "The page.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such link.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "410", description = "The link was used or has expired.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Uni<Response> show(
            @PathParam("secret") @Parameter(description = "The secret part of `connect_url`.") String secret,
            @CookieParam(PAGE_COOKIE) @Parameter(hidden = true) String presented) {
        String nonce = RandomTokens.wellFormed(presented) ? presented : RandomTokens.random();
        return sessions.open(secret)
                .map(opened -> page(200, ConnectPages.session(opened.projectName(), opened.providerName(),
                        ConnectSessionService.PAGE_PATH + secret, nonce))
                        .header(HttpHeaders.SET_COOKIE, cookies.set(PAGE_COOKIE, nonce, PAGE_COOKIE_SECONDS,
                                Cookies.SameSite.STRICT))
                        .build())
                .onFailure(ApiException.class).recoverWithItem(e -> failure((ApiException) e));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true) // the page's own form
    public Uni<Response> start(@PathParam("secret") String secret, @FormParam("nonce") String nonce,
            @CookieParam(PAGE_COOKIE) String presented, @CookieParam(BrowserBinding.NAME) String presentedBinding) {
        if (!RandomTokens.wellFormed(nonce) || !RandomTokens.wellFormed(presented) || !MessageDigest.isEqual(
                nonce.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII))) {
            return Uni.createFrom().item(failure(new ConnectFailure(403, "forbidden",
                    "This page expired or was not opened in this browser. Open the connect link again.")));
        }
        String browser = binding.reuseOrNew(presentedBinding);
        return sessions.start(secret, browser)
                .map(started -> Response.seeOther(java.net.URI.create(started.authorizeUrl()))
                        .header(HttpHeaders.SET_COOKIE, binding.cookie(browser))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                .onFailure(ApiException.class).recoverWithItem(e -> failure((ApiException) e));
    }

    private static Response failure(ApiException e) {
        return page(e.status(), ConnectPages.message("Could not connect", e.getMessage(), null, null)).build();
    }

    private static Response.ResponseBuilder page(int status, TemplateInstance template) {
        return Response.status(status).entity(template).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self' "
                        + "http: https:; base-uri 'none'");
    }
}
