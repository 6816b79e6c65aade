package dev.tokenvault.project;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.audit.AuditQuery;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditView;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/audit}: who got which token, when, from where, and what failed. Administrators see every event,
 * users the events of their projects and their own actions, machine callers their own actions.
 */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AuditResource {

    private final AuditService audit;
    private final ProjectService projects;
    private final SecurityIdentity identity;

    public AuditResource(AuditService audit, ProjectService projects, SecurityIdentity identity) {
        this.audit = audit;
        this.projects = projects;
        this.identity = identity;
    }

    @GET
    public Uni<Page<AuditView>> query(@QueryParam("project") String project,
            @QueryParam("connection_id") UUID connectionId,
            @QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("outcome") String outcome, @QueryParam("since") Instant since,
            @QueryParam("until") Instant until, @QueryParam("page_size") Integer pageSize,
            @QueryParam("page_token") String pageToken) {
        Caller caller = Caller.of(identity);
        PageRequest page = PageRequest.of(pageSize, pageToken);
        Uni<UUID> projectId = blank(project) == null ? Uni.createFrom().nullItem()
                : projects.require(caller, project, Action.VIEW_AUDIT).map(ProjectService.Scoped::id);
        return projectId.flatMap(id -> projects.auditVisibility(caller).flatMap(visibility -> audit.query(visibility,
                new AuditQuery(id, connectionId, blank(actor), blank(action), blank(outcome), since, until), page)));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
