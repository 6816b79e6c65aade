package dev.tokenvault.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.identity.Caller;
import dev.tokenvault.platform.ApiException;
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
    public Uni<Page<AuditView>> query(@QueryParam("connection_id") String connectionId,
            @QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("outcome") String outcome, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        AuditQuery filter = new AuditQuery(uuid(connectionId), blank(actor), blank(action), blank(outcome),
                instant(since, "since"), instant(until, "until"));
        return audit.query(Caller.of(identity), filter, PageRequest.of(pageSize, pageToken));
    }

    private static UUID uuid(String value) {
        if (blank(value) == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("connection_id must be a UUID");
        }
    }

    private static Instant instant(String value, String name) {
        if (blank(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest(name + " must be an RFC 3339 UTC timestamp, e.g. 2026-01-31T12:00:00Z");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
