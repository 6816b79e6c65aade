package dev.tokenvault.crypto;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Key rotation for administrators: which keys seal how many rows, and re-encryption under the primary. */
@Path("/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = ApiDocs.KEYS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class KeyAdminResource {

    private final Rewrapper rewrapper;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final SecurityIdentity identity;

    public KeyAdminResource(Rewrapper rewrapper, Keyring keyring, AuditWriter audit, SecurityIdentity identity) {
        this.rewrapper = rewrapper;
        this.keyring = keyring;
        this.audit = audit;
        this.identity = identity;
    }

    public record Keys(String primary, List<Rewrapper.KeyUsage> keys) {
    }

    @GET
    @Operation(operationId = "listKeys", summary = "List the encryption keys and the rows each seals",
            description = "Key ids, which is primary, and how many rows of each table each key seals.")
    public Uni<Keys> keys() {
        return rewrapper.usage().map(usage -> new Keys(keyring.primaryId(), usage));
    }

    @POST
    @Path("/rewrap")
    @Operation(operationId = "rewrapKeys", summary = "Re-encrypt every row under the primary key",
            description = "Online and re-runnable: rows not under the primary key are re-sealed in batches.")
    public Uni<Rewrapper.Result> rewrap(@Context HttpServerRequest http) {
        RequestInfo info = RequestInfo.of(http);
        Caller caller = Caller.of(identity);
        return rewrapper.rewrapAll()
                .call(result -> audit.record(AuditEvent.of("keys.rewrap").actor(caller).request(info)
                        .success(result.failed() == 0 ? 200 : 207)));
    }
}
