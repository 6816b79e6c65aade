package dev.tokenvault.project;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.identity.User;
import dev.tokenvault.identity.UserCreated;
import dev.tokenvault.identity.UserDeleting;
import dev.tokenvault.identity.UserRepository;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Projects and their members, and the entry to every project-scoped request: {@link #require} finds the project a
 * request names and asks {@link Access} whether the caller may do the action there.
 */
@ApplicationScoped
public class ProjectService {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{3,63}");
    static final int MAX_DISPLAY_NAME = 200;
    /** Memberships read at once for lists across projects (far beyond what one person has). */
    static final int MAX_MEMBERSHIPS = 10_000;

    private final ProjectRepository projects;
    private final UserRepository users;
    private final AuditWriter audit;
    private final Event<ProjectDeleting> deleting;
    private final TokenvaultConfig config;

    public ProjectService(ProjectRepository projects, UserRepository users, AuditWriter audit,
            Event<ProjectDeleting> deleting, TokenvaultConfig config) {
        this.projects = projects;
        this.users = users;
        this.audit = audit;
        this.deleting = deleting;
        this.config = config;
    }

    public record NewProject(String name, String displayName) {
    }

    public record ProjectChange(String displayName, List<String> allowedReturnUrls) {
    }

    public record MemberChange(String role) {
    }

    /** A project a caller may act in, with their role there (null: an administrator without membership, or a machine). */
    public record Scoped(Project project, ProjectRole role) {
        public UUID id() {
            return project.id;
        }
    }

    // ------------------------------------------------------------------------------------------ the decision

    /**
     * The project named by {@code ref} (its id or its name) when the caller may do {@code action} there; {@code 404}
     * when it does not exist or the caller may not know it, {@code 403} when they may see it but not do this.
     */
    public Uni<Scoped> require(Caller caller, String ref, Action action) {
        if (ref == null || ref.isBlank() || ref.length() > 100) {
            return Uni.createFrom().failure(ApiException.notFound("project"));
        }
        return projects.findWithRole(ref, caller.isUser() ? caller.userId() : null)
                .map(found -> {
                    if (found == null) {
                        throw ApiException.notFound("project");
                    }
                    Access.require(caller, found.project().id, found.role(), action);
                    return new Scoped(found.project(), found.role());
                });
    }

    /** The same for a project known by id (that of a connection, a key, a binding). */
    public Uni<Scoped> require(Caller caller, UUID id, Action action) {
        return require(caller, id.toString(), action);
    }

    /** The caller's role in a project (null when none; always null for machine callers). */
    public Uni<ProjectRole> roleOf(Caller caller, UUID project) {
        return caller.isUser() ? projects.roleOf(project, caller.userId()) : Uni.createFrom().nullItem();
    }

    /**
     * The project where a request without {@code project} acts: a machine caller's own, a user's personal one
     * (made now if it is missing), checked for {@code action} like any other.
     */
    public Uni<Scoped> defaultFor(Caller caller, Action action) {
        if (!caller.isUser()) {
            return require(caller, caller.scope().project(), action);
        }
        return personal(caller.userId()).flatMap(p -> require(caller, p.id, action));
    }

    /** The user's personal project, made now when it is missing (a user created before projects existed, a race). */
    public Uni<Project> personal(UUID userId) {
        return projects.findPersonal(userId)
                .flatMap(p -> p != null ? Uni.createFrom().item(p)
                        : users.findById(userId)
                                .onItem().ifNull().failWith(() -> ApiException.notFound("user"))
                                .flatMap(user -> projects.ensurePersonal(user.id, user.username)));
    }

    /** A project by id, without any access decision (for pages that a link, not a caller, opens); null if none. */
    public Uni<Project> project(UUID id) {
        return projects.get(id);
    }

    /** The ids of the projects the user is a member of (what their audit log shows). */
    public Uni<Set<UUID>> memberships(UUID userId) {
        return projects.list(userId, false, new PageRequest(MAX_MEMBERSHIPS, null))
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.project().id));
                    return ids;
                });
    }

    /** The projects where the caller may do {@code action} through a membership (machine callers: their own, if so). */
    public Uni<Set<UUID>> where(Caller caller, Action action) {
        if (!caller.isUser()) {
            UUID own = caller.scope().project();
            return Uni.createFrom().item(Access.decide(caller, own, null, action) == Access.Decision.ALLOW
                    ? Set.of(own) : Set.of());
        }
        return projects.list(caller.userId(), false, new PageRequest(MAX_MEMBERSHIPS, null))
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.stream().filter(r -> Access.decide(caller, r.project().id, r.role(), action)
                            == Access.Decision.ALLOW).forEach(r -> ids.add(r.project().id));
                    return ids;
                });
    }

    /** What the caller may read of the audit log. */
    public Uni<AuditService.Visibility> auditVisibility(Caller caller) {
        if (caller.isUser() && caller.isAdmin()) {
            return Uni.createFrom().item(AuditService.Visibility.everything());
        }
        if (!caller.isUser()) {
            return Uni.createFrom().item(new AuditService.Visibility(false, Set.of(), caller.kind().wireName(),
                    caller.auditSubject()));
        }
        return memberships(caller.userId()).map(ids -> new AuditService.Visibility(false, ids,
                caller.kind().wireName(), caller.auditSubject()));
    }

    // -------------------------------------------------------------------------------------------- projects

    public Uni<ProjectView> create(Caller caller, NewProject request, RequestInfo info) {
        UUID owner = caller.userId();
        Project p = new Project();
        p.id = UUID.randomUUID();
        p.name = checkedName(request.name());
        p.displayName = Validation.line(request.displayName(), "display_name", MAX_DISPLAY_NAME, false);
        p.createdAt = Instant.now();
        p.updatedAt = p.createdAt;
        return projects.add(p, owner)
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict("a project with this name exists"))
                .call(created -> audit.record(AuditEvent.of("project.create").actor(caller).request(info)
                        .project(created.id).success(201)))
                .map(created -> ProjectView.of(created, ProjectRole.OWNER));
    }

    public Uni<Page<ProjectView>> list(Caller caller, PageRequest page) {
        if (!caller.isUser()) {
            return require(caller, caller.scope().project(), Action.VIEW_PROJECT)
                    .map(s -> new Page<>(List.of(ProjectView.of(s.project(), null)), null));
        }
        return projects.list(caller.userId(), caller.isAdmin(), page)
                .map(rows -> Page.of(rows, page.size(), r -> new Cursor(r.project().createdAt, r.project().id),
                        r -> ProjectView.of(r.project(), r.role())));
    }

    public Uni<ProjectView> get(Caller caller, String ref) {
        return require(caller, ref, Action.VIEW_PROJECT).map(s -> ProjectView.of(s.project(), s.role()));
    }

    public Uni<ProjectView> change(Caller caller, String ref, ProjectChange request, RequestInfo info) {
        String displayName = Validation.line(request.displayName(), "display_name", MAX_DISPLAY_NAME, false);
        List<String> returnUrls = request.allowedReturnUrls() == null ? null
                : ReturnUrls.checkedPatterns(request.allowedReturnUrls(), config.allowInsecureUrls());
        return require(caller, ref, Action.MANAGE_PROJECT)
                .flatMap(s -> projects.change(s.id(), p -> {
                    if (displayName != null) {
                        p.displayName = displayName;
                    }
                    if (returnUrls != null) {
                        p.allowedReturnUrls = String.join(" ", returnUrls);
                    }
                }).map(p -> ProjectView.of(p, s.role())))
                .onItem().ifNull().failWith(() -> ApiException.notFound("project"))
                .call(view -> audit.record(AuditEvent.of("project.update").actor(caller).request(info)
                        .project(view.id()).success(200)));
    }

    /**
     * Deletes a team project, with its API keys, bindings and webhooks; refused ({@code 409}) while it has
     * connections. The project's row is locked first, so a connection being added meanwhile either is seen and
     * refuses the delete, or waits and then finds no project.
     */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String ref, RequestInfo info) {
        return require(caller, ref, Action.MANAGE_PROJECT)
                .call(s -> projects.lock(s.id()))
                .invoke(s -> {
                    if (s.project().isPersonal()) {
                        throw ApiException.conflict("a personal project is deleted with its user");
                    }
                })
                .call(s -> {
                    ProjectDeleting event = new ProjectDeleting(s.id());
                    deleting.fire(event);
                    return event.followUps();
                })
                .call(s -> projects.remove(s.id()))
                .call(s -> audit.record(AuditEvent.of("project.delete").actor(caller).request(info).project(s.id())
                        .success(204)))
                .replaceWithVoid();
    }

    // --------------------------------------------------------------------------------------------- members

    public Uni<Page<MemberView>> members(Caller caller, String ref, PageRequest page) {
        return require(caller, ref, Action.VIEW_MEMBERS)
                .flatMap(s -> projects.members(s.id(), page))
                .map(rows -> Page.of(rows, page.size(), r -> new Cursor(r.member().createdAt, r.member().id.userId),
                        MemberView::of));
    }

    /**
     * Gives a user a role in the project (owners and administrators). A project keeps an owner: demoting its last
     * owner is {@code 409}. A personal project has only its user.
     */
    @WithTransaction
    public Uni<MemberView> putMember(Caller caller, String ref, String userRef, MemberChange request, RequestInfo info) {
        ProjectRole role = ProjectRole.parse(request.role(), "role");
        return require(caller, ref, Action.MANAGE_MEMBERS)
                .call(s -> projects.lock(s.id()))
                .invoke(ProjectService::refusePersonal)
                .flatMap(s -> findUser(userRef).flatMap(user -> keepsAnOwner(s.id(), user.id, role)
                        .flatMap(ignored -> projects.putMember(s.id(), user.id, role))
                        .call(m -> audit.record(AuditEvent.of("project.member_put").actor(caller).request(info)
                                .project(s.id()).success(200)))
                        .map(m -> new MemberView(user.id, user.username, m.role.wireName(), m.createdAt))));
    }

    /** Removes a member (owners and administrators; anyone may leave). The last owner cannot go. */
    @WithTransaction
    public Uni<Void> removeMember(Caller caller, String ref, String userRef, RequestInfo info) {
        return require(caller, ref, Action.VIEW_PROJECT)
                .flatMap(s -> findUser(userRef).flatMap(user -> {
                    boolean leaving = caller.isUser() && caller.userId().equals(user.id);
                    if (!leaving) {
                        Access.require(caller, s.id(), s.role(), Action.MANAGE_MEMBERS);
                    }
                    refusePersonal(s);
                    return projects.lock(s.id())
                            .flatMap(ignored -> keepsAnOwner(s.id(), user.id, null))
                            .flatMap(ignored -> projects.removeMember(s.id(), user.id))
                            .invoke(removed -> {
                                if (!removed) {
                                    throw ApiException.notFound("member");
                                }
                            })
                            .call(ignored -> audit.record(AuditEvent.of("project.member_remove").actor(caller)
                                    .request(info).project(s.id()).success(204)));
                }))
                .replaceWithVoid();
    }

    /** Fails with {@code 409} when giving {@code user} the role {@code next} (null: removing them) leaves no owner. */
    private Uni<Void> keepsAnOwner(UUID project, UUID user, ProjectRole next) {
        if (next == ProjectRole.OWNER) {
            return Uni.createFrom().voidItem();
        }
        return projects.roleOf(project, user).flatMap(current -> current != ProjectRole.OWNER
                ? Uni.createFrom().voidItem()
                : projects.owners(project).invoke(owners -> {
                    if (owners <= 1) {
                        throw ApiException.conflict("a project keeps at least one owner: make someone else owner first");
                    }
                }).replaceWithVoid());
    }

    private static void refusePersonal(Scoped s) {
        if (s.project().isPersonal()) {
            throw ApiException.conflict("a personal project has only its user as a member");
        }
    }

    private Uni<User> findUser(String ref) {
        UUID id = ProjectRepository.uuidOrNull(ref);
        Uni<User> found = id != null ? users.findById(id)
                : ref == null || ref.length() > 64 ? Uni.createFrom().nullItem() : users.findByUsername(ref);
        return found.onItem().ifNull().failWith(() -> ApiException.notFound("user"));
    }

    static String checkedName(String name) {
        Validation.required(name, "name", 63);
        if (!NAME.matcher(name).matches()) {
            throw ApiException.invalidRequest("field 'name' must be 3 to 63 lowercase letters, digits and '-'");
        }
        return name;
    }

    // --------------------------------------------------------------------------------------- user lifecycle

    /** A new user gets their personal project before the creation answers. */
    void onUserCreated(@Observes UserCreated created) {
        created.then(() -> projects.ensurePersonal(created.userId(), created.username()).replaceWithVoid());
    }

    /** A user who is the last owner of a team project cannot be deleted until someone else owns it. */
    void onUserDeleting(@Observes UserDeleting deletingUser) {
        deletingUser.then(() -> projects.soleOwnerOf(deletingUser.userId()).invoke(names -> {
            if (!names.isEmpty()) {
                throw ApiException.conflict("the user is the last owner of " + String.join(", ", names)
                        + ": make someone else owner first");
            }
        }).replaceWithVoid());
    }
}
