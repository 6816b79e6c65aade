package dev.tokenvault.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Page;
import io.quarkus.security.Authenticated;

/**
 * {@code GET /v1/catalog}: the providers tokenvault knows, to make a provider from with
 * {@code POST /v1/providers {"template": ...}}. Public facts only (no client id or secret), so any signed-in
 * caller may read it; all entries in one page (there are a few dozen).
 */
@Path("/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class CatalogResource {

    private final Catalog catalog;

    public CatalogResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public Page<CatalogEntry> list() {
        return new Page<>(java.util.List.copyOf(catalog.all()), null);
    }

    @GET
    @Path("/{id}")
    public CatalogEntry get(@PathParam("id") String id) {
        return catalog.find(id).orElseThrow(() -> ApiException.notFound("catalog entry"));
    }
}
