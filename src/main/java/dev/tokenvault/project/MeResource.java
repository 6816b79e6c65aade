package dev.tokenvault.project;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.identity.SessionService;
import dev.tokenvault.identity.UserService;
import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who the caller is, as the vault sees it, and in which projects; a user's sessions and password. (In the project
 * package because it names the caller's projects.)
 */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.ME)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class MeResource {

    private final SecurityIdentity identity;
    private final SessionService sessions;
    private final UserService users;
    private final ProjectRepository projects;

    public MeResource(SecurityIdentity identity, SessionService sessions, UserService users,
            ProjectRepository projects) {
        this.projects = projects;
        this.identity = identity;
        this.sessions = sessions;
        this.users = users;
    }

    /**
     * {@code connections}: the ids a machine credential is limited to, or {@code ["*"]}; {@code projects}: the
     * caller's projects with their role (a machine credential's own project, without a role).
     */
    public record Me(String subject, String username, String kind, Set<String> roles, List<String> connections,
            List<ProjectRef> projects) {
    }

    public record ProjectRef(UUID id, String name, String role) {
    }

    /** A session as its user sees it; {@code current} is the one this request belongs to. */
    @Schema(name = "UserSession")
    public record SessionView(UUID id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String ip,
            String userAgent, boolean current) {
    }

    @GET
    @Operation(operationId = "getMe", summary = "Who the caller is",
            description = "`kind`: `user`, `workload` or `api_key`; `connections`: the ids a machine credential is "
                    + "limited to, or `[\"*\"]`; `projects`: the caller's projects with their role.")
    public Uni<Me> me() {
        Caller caller = Caller.of(identity);
        if (!caller.isUser()) {
            List<String> connections = caller.scope().connections().isEmpty() ? List.of("*")
                    : caller.scope().connections().stream().map(UUID::toString).toList();
            return projects.findWithRole(caller.scope().project(), null).map(found -> new Me(caller.subject(),
                    caller.name(), caller.kind().wireName(), caller.roles(), connections, found == null ? List.of()
                            : List.of(new ProjectRef(found.project().id, found.project().name, null))));
        }
        return projects.list(caller.userId(), false, new PageRequest(ProjectService.MAX_MEMBERSHIPS, null))
                .map(rows -> new Me(caller.subject(), caller.name(), caller.kind().wireName(), caller.roles(),
                        List.of("*"), rows.stream().map(r -> new ProjectRef(r.project().id, r.project().name,
                                r.role().wireName())).toList()));
    }

    @GET
    @Path("/sessions")
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    @Operation(operationId = "listSessions", summary = "List the caller's sessions",
            description = "`current` marks the one this request belongs to.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT)
    @SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
    public Uni<Page<SessionView>> sessions() {
        Caller caller = Caller.of(identity);
        return sessions.list(caller.userId()).map(rows -> new Page<>(rows.stream()
                .map(s -> new SessionView(s.id, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip, s.userAgent,
                        s.id.equals(caller.session())))
                .toList(), null));
    }

    @DELETE
    @Path("/sessions/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    @Operation(operationId = "endSession", summary = "End one of the caller's sessions",
            description = "Its JWT and cookie stop working on every replica within seconds.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT)
    @SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
    @APIResponse(responseCode = "204", description = "Ended.")
    public Uni<Response> endSession(@PathParam("id") UUID id) {
        return sessions.end(Caller.of(identity).userId(), id).map(ignored -> Response.noContent().build());
    }

    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    @Operation(operationId = "changePassword", summary = "Change the caller's password",
            description = "Ends the caller's other sessions.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT)
    @SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
    @APIResponse(responseCode = "204", description = "Changed.")
    public Uni<Response> changePassword(UserService.PasswordChange request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return users.changeOwnPassword(Caller.of(identity), request, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }
}
