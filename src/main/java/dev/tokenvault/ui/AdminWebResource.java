package dev.tokenvault.ui;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.identity.UserService;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.provider.Catalog;
import dev.tokenvault.provider.CatalogEntry;
import dev.tokenvault.provider.ProviderRequest;
import dev.tokenvault.provider.ProviderService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Administrators' pages: providers (by hand, or from the catalog with only the client id, secret and the entry's
 * parameters) and users. Non-admins get a 403 page.
 */
@Path("/ui/admin")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class AdminWebResource {

    /** Form fields of a catalog entry's parameters: {@code param.<name>}. */
    static final String PARAM = "param.";

    private final WebResource web;
    private final ProviderService providers;
    private final UserService users;
    private final Catalog catalog;

    public AdminWebResource(WebResource web, ProviderService providers, UserService users, Catalog catalog) {
        this.web = web;
        this.providers = providers;
        this.users = users;
        this.catalog = catalog;
    }

    // --------------------------------------------------------------------------------------------- providers

    @GET
    @Path("/providers")
    public Uni<Response> providersPage(@QueryParam("notice") String notice,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, nav -> caller -> admin(caller)
                .flatMap(ignored -> providersView(nav, null, notice, 200)));
    }

    @POST
    @Path("/providers")
    @Consumes(WebResource.FORM)
    public Uni<Response> createProvider(@FormParam("csrf") String csrf, @FormParam("name") String name,
            @FormParam("token_url") String tokenUrl, @FormParam("authorize_url") String authorizeUrl,
            @FormParam("revocation_url") String revocationUrl, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret, @FormParam("auth_method") String authMethod,
            @FormParam("scopes") String scopes, @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie,
            HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        ProviderRequest request = new ProviderRequest(blank(name), blank(tokenUrl), blank(authorizeUrl),
                blank(revocationUrl), blank(clientId), blank(clientSecret), blank(authMethod), words(scopes), null, null);
        return web.form(csrfCookie, csrf, nav -> caller -> WebResource.showingRefusal(admin(caller)
                .flatMap(ignored -> providers.create(caller, request, info))
                .map(created -> WebResource.seeOther("/ui/admin/providers?notice=created")),
                (reason, status) -> providersView(nav, reason, null, status)));
    }

    @POST
    @Path("/providers/{name}/delete")
    @Consumes(WebResource.FORM)
    public Uni<Response> deleteProvider(@PathParam("name") String name, @FormParam("csrf") String csrf,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, nav -> caller -> admin(caller)
                .flatMap(ignored -> providers.delete(caller, name, info))
                .map(ignored -> WebResource.seeOther("/ui/admin/providers?notice=deleted"))
                .onFailure(e -> e instanceof ApiException a && a.status() == 409)
                .recoverWithUni(e -> providersView(nav, e.getMessage(), null, 409)));
    }

    private Uni<Response> providersView(Pages.Nav nav, String error, String notice, int status) {
        return providers.list().map(page -> WebResource.page(status,
                Pages.providers(nav, page.items(), List.copyOf(catalog.all()), error, noticeText(notice))).build());
    }

    // ---------------------------------------------------------------------------- providers from the catalog

    /** The form for one catalog entry: only the client id and secret, and the entry's parameters. */
    @GET
    @Path("/providers/catalog")
    public Uni<Response> fromCatalogPage(@QueryParam("template") String template,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, nav -> caller -> admin(caller).map(ignored -> WebResource.page(200,
                Pages.providerFromCatalog(nav, entry(template), Map.of(), Map.of(), null)).build()));
    }

    @POST
    @Path("/providers/catalog/{template}")
    @Consumes(WebResource.FORM)
    public Uni<Response> createFromCatalog(@PathParam("template") String template, MultivaluedMap<String, String> form,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (form != null) {
            form.forEach((field, given) -> {
                String value = given == null || given.isEmpty() ? null : blank(given.get(0));
                if (value != null && !field.equals("csrf") && !field.equals("client_secret")) {
                    values.put(field, value); // shown again after a refusal (never the secret)
                    if (field.startsWith(PARAM)) {
                        parameters.put(field.substring(PARAM.length()), value);
                    }
                }
            });
        }
        String csrf = form == null ? null : form.getFirst("csrf");
        String secret = form == null ? null : blank(form.getFirst("client_secret"));
        return web.form(csrfCookie, csrf, nav -> caller -> {
            CatalogEntry entry = entry(template);
            ProviderRequest request = ProviderRequest.fromTemplate(entry.id(), values.get("name"),
                    values.get("client_id"), secret, values.containsKey("scopes") ? words(values.get("scopes")) : null,
                    parameters);
            return WebResource.showingRefusal(admin(caller)
                    .flatMap(ignored -> providers.create(caller, request, info))
                    .map(created -> WebResource.seeOther("/ui/admin/providers?notice=created")),
                    (reason, status) -> Uni.createFrom().item(WebResource.page(status,
                            Pages.providerFromCatalog(nav, entry, values, parameters, reason)).build()));
        });
    }

    private CatalogEntry entry(String template) {
        return catalog.find(template).orElseThrow(() -> ApiException.notFound("catalog entry"));
    }

    // ------------------------------------------------------------------------------------------------- users

    @GET
    @Path("/users")
    public Uni<Response> usersPage(@QueryParam("notice") String notice,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie) {
        return web.signedIn(csrfCookie, nav -> caller -> admin(caller)
                .flatMap(ignored -> usersView(nav, null, notice, 200)));
    }

    @POST
    @Path("/users")
    @Consumes(WebResource.FORM)
    public Uni<Response> createUser(@FormParam("csrf") String csrf, @FormParam("username") String username,
            @FormParam("password") String password, @FormParam("roles") List<String> roles,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        UserService.NewUser request = new UserService.NewUser(username, password,
                roles == null || roles.isEmpty() ? List.of("user") : roles);
        return web.form(csrfCookie, csrf, nav -> caller -> WebResource.showingRefusal(admin(caller)
                .flatMap(ignored -> users.create(caller, request, info))
                .map(created -> WebResource.seeOther("/ui/admin/users?notice=created")),
                (reason, status) -> usersView(nav, reason, null, status)));
    }

    @POST
    @Path("/users/{id}/delete")
    @Consumes(WebResource.FORM)
    public Uni<Response> deleteUser(@PathParam("id") UUID id, @FormParam("csrf") String csrf,
            @CookieParam(WebSession.CSRF_COOKIE) String csrfCookie, HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        return web.form(csrfCookie, csrf, nav -> caller -> admin(caller)
                .flatMap(ignored -> users.delete(caller, id, info))
                .map(ignored -> WebResource.seeOther("/ui/admin/users?notice=deleted")));
    }

    private Uni<Response> usersView(Pages.Nav nav, String error, String notice, int status) {
        return users.list(PageRequest.of(500, null)).map(page -> WebResource.page(status,
                Pages.users(nav, page.items(), error, noticeText(notice))).build());
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static Uni<Void> admin(Caller caller) {
        return caller.isAdmin() ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.forbidden("This page is for administrators."));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }

    private static String noticeText(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "created" -> "Created.";
            case "deleted" -> "Deleted.";
            default -> null;
        };
    }
}
