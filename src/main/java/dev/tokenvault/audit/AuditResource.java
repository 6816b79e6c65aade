package dev.tokenvault.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/audit}: who got which token, when, from where, and what failed. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AuditResource {

    private final AuditService audit;
    private final SecurityIdentity identity;

    public AuditResource(AuditService audit, SecurityIdentity identity) {
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    public Uni<Page<AuditView>> query(@QueryParam("connection_id") UUID connectionId,
            @QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("outcome") String outcome, @QueryParam("since") Instant since,
            @QueryParam("until") Instant until, @QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        AuditQuery filter = new AuditQuery(connectionId, blank(actor), blank(action), blank(outcome), since, until);
        return audit.query(Caller.of(identity), filter, PageRequest.of(pageSize, pageToken));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
