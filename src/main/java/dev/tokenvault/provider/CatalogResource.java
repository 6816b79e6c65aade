package dev.tokenvault.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code GET /v1/catalog}: the providers tokenvault knows, to make a provider from with
 * {@code POST /v1/providers {"template": ...}}. Public facts only (no client id or secret), so any signed-in
 * caller may read it; all entries in one page (there are a few dozen).
 */
@Path("/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.PROVIDERS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
@NonBlocking // in-memory reads: served on the event loop
public class CatalogResource {

    private final Catalog catalog;

    public CatalogResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(operationId = "listCatalog", summary = "List the provider catalog",
            description = "The providers tokenvault knows, to create a provider from (`template`); all in one page.")
    public Page<CatalogEntry> list() {
        return new Page<>(java.util.List.copyOf(catalog.all()), null);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getCatalogEntry", summary = "Get a provider catalog entry")
    public CatalogEntry get(@PathParam("id") @Parameter(description = "The entry's id.", example = "xero") String id) {
        return catalog.find(id).orElseThrow(() -> ApiException.notFound("catalog entry"));
    }
}
