package dev.tokenvault.project;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.audit.AuditQuery;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditView;
import dev.tokenvault.platform.ApiDocs;
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
@Tag(name = ApiDocs.AUDIT)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
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
    @Operation(operationId = "listAuditEvents", summary = "List audit events, newest first",
            description = "Administrators see every event, users the events of their projects and their own actions, "
                    + "machine callers their own actions. `token_fingerprint` is a keyed hash, never the token.")
    @APIResponse(responseCode = "200", description = "A page of events.")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Uni<Page<AuditView>> query(@QueryParam("project") String project,
            @QueryParam("connection_id") UUID connectionId,
            @QueryParam("actor") @Parameter(description = "The actor's subject.") String actor,
            @QueryParam("action") @Parameter(description = "e.g. `token.read`, `auth.login`.") String action,
            @QueryParam("outcome") @Parameter(schema = @Schema(enumeration = { "success", "failure", "denied" }))
            String outcome,
            @QueryParam("since") @Parameter(description = "Events at or after this time.") Instant since,
            @QueryParam("until") @Parameter(description = "Events before this time.") Instant until,
            @QueryParam("page_size") Integer pageSize,
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
