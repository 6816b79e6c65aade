package dev.tokenvault.project;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.tokenvault.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The owner of {@code projects} and {@code project_members} (one aggregate: a project and who may act in it):
 * every statement on the two tables is here.
 */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    /** No user: the role looked up for a machine caller, which has no membership. */
    static final UUID NOBODY = new UUID(0, 0);

    /**
     * A column expression for another owner's raw statement: the role of the user given as parameter
     * {@code userParam} in the project named by {@code projectColumn}, or null. One indexed lookup. The column must
     * be qualified by its table's alias: unqualified, it would name the membership's own project column.
     */
    public static String roleColumn(String projectColumn, String userParam) {
        return "(SELECT pm.role FROM project_members pm WHERE pm.project_id = " + qualified(projectColumn)
                + " AND pm.user_id = " + userParam + ")";
    }

    private static String qualified(String column) {
        if (!column.contains(".")) {
            throw new IllegalArgumentException("qualify the project column with its table alias: " + column);
        }
        return column;
    }

    /** A value expression for another owner's raw statement: the id of the project named by parameter {@code nameParam}. */
    public static String idOfName(String nameParam) {
        return "(SELECT p.id FROM projects p WHERE p.name = " + nameParam + ")";
    }

    /** A condition for another owner's native statement: the project is one {@code userParam} is a member of. */
    public static String memberOf(String projectColumn, String userParam) {
        return qualified(projectColumn) + " IN (SELECT pm.project_id FROM project_members pm WHERE pm.user_id = "
                + userParam + ")";
    }

    /** A project with the caller's role in it (null: no membership). */
    public record WithRole(Project project, ProjectRole role) {
    }

    /** A member with their username. */
    public record MemberRow(Member member, String username) {
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The project with this id or name, with the user's role there; null when there is none. */
    @WithSession
    public Uni<WithRole> findWithRole(String ref, UUID user) {
        UUID id = uuidOrNull(ref);
        String where = id != null ? "p.id = :ref" : "p.name = :ref";
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                "select p, m.role from Project p left join Member m on m.id.projectId = p.id and m.id.userId = :user "
                        + "where " + where, Object[].class)
                .setParameter("ref", id != null ? id : ref)
                .setParameter("user", user == null ? NOBODY : user)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : withRole(rows.get(0)));
    }

    @WithSession
    public Uni<WithRole> findWithRole(UUID id, UUID user) {
        return findWithRole(id.toString(), user);
    }

    @WithSession
    public Uni<Project> get(UUID id) {
        return find("id", id).firstResult();
    }

    /** The user's personal project, or null. */
    @WithSession
    public Uni<Project> findPersonal(UUID user) {
        return find("personalUserId", user).firstResult();
    }

    /** The user's role in the project, or null. */
    @WithSession
    public Uni<ProjectRole> roleOf(UUID project, UUID user) {
        return Panache.getSession().flatMap(session -> session.find(Member.class, new Member.Key(project, user)))
                .map(m -> m == null ? null : m.role);
    }

    /** The projects the user is a member of (or, for {@code all}, every project) in creation order, with their role. */
    @WithSession
    public Uni<List<WithRole>> list(UUID user, boolean all, PageRequest page) {
        String hql = "select p, m.role from Project p " + (all ? "left " : "")
                + "join Member m on m.id.projectId = p.id and m.id.userId = :user"
                + (page.after() != null ? " where (p.createdAt > :at or (p.createdAt = :at and p.id > :id))" : "")
                + " order by p.createdAt, p.id";
        return Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery(hql, Object[].class).setParameter("user", user)
                    .setMaxResults(page.size() + 1);
            if (page.after() != null) {
                query.setParameter("at", page.after().at()).setParameter("id", page.after().id());
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(ProjectRepository::withRole).toList());
    }

    /** The team projects in which the user is the only owner (they cannot go before someone takes over). */
    @WithSession
    public Uni<List<String>> soleOwnerOf(UUID user) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                select p.name from Project p join Member m on m.id.projectId = p.id
                 where m.id.userId = :user and m.role = :owner and p.personalUserId is null
                   and (select count(o) from Member o where o.id.projectId = p.id and o.role = :owner) = 1
                 order by p.name""", String.class)
                .setParameter("user", user).setParameter("owner", ProjectRole.OWNER).getResultList());
    }

    /** The project's members in the order they joined, with their usernames: {@code size + 1} rows. */
    @WithSession
    public Uni<List<MemberRow>> members(UUID project, PageRequest page) {
        String hql = "select m, u.username from Member m join dev.tokenvault.identity.User u on u.id = m.id.userId "
                + "where m.id.projectId = :project"
                + (page.after() != null ? " and (m.createdAt > :at or (m.createdAt = :at and m.id.userId > :id))" : "")
                + " order by m.createdAt, m.id.userId";
        return Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery(hql, Object[].class).setParameter("project", project)
                    .setMaxResults(page.size() + 1);
            if (page.after() != null) {
                query.setParameter("at", page.after().at()).setParameter("id", page.after().id());
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new MemberRow((Member) r[0], (String) r[1])).toList());
    }

    // ----------------------------------------------------------------------------------------------- writes

    /** Stores a new project with its first owner; a taken name fails with a unique violation. */
    @WithTransaction
    public Uni<Project> add(Project project, UUID owner) {
        return persist(project).call(p -> Panache.getSession()
                .flatMap(session -> session.persist(Member.of(p.id, owner, ProjectRole.OWNER))))
                .call(p -> flush());
    }

    /** The user's personal project, created (with them as its owner) when it does not exist yet. */
    @WithTransaction
    public Uni<Project> ensurePersonal(UUID user, String username) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO projects (id, name, display_name, personal_user_id, created_at, updated_at)
                VALUES (:id, :name, :display, :user, now(), now()) ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.randomUUID()).setParameter("name", Project.personalName(username))
                .setParameter("display", username).setParameter("user", user).executeUpdate())
                .flatMap(ignored -> find("personalUserId", user).<Project>firstResult())
                .call((Project p) -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO project_members (project_id, user_id, role, created_at)
                        VALUES (:project, :user, 'owner', now()) ON CONFLICT DO NOTHING""")
                        .setParameter("project", p.id).setParameter("user", user).executeUpdate()));
    }

    /**
     * Locks the project's row until the transaction ends (membership changes and deletion of one project run one
     * at a time, so "a project keeps an owner" holds under concurrent requests); null when there is none.
     */
    @WithTransaction
    public Uni<Project> lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Applies {@code change} to the project and writes it; null when there is none. */
    @WithTransaction
    public Uni<Project> change(UUID id, Consumer<Project> change) {
        return find("id", id).firstResult().call(p -> {
            if (p == null) {
                return Uni.createFrom().nullItem();
            }
            change.accept(p);
            p.updatedAt = Instant.now();
            return flush();
        });
    }

    @WithTransaction
    public Uni<Boolean> remove(UUID id) {
        return delete("id", id).map(count -> count > 0);
    }

    /** How many owners the project has (call after {@link #lock}). */
    @WithTransaction
    public Uni<Long> owners(UUID project) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                "select count(m) from Member m where m.id.projectId = :project and m.role = :owner", Long.class)
                .setParameter("project", project).setParameter("owner", ProjectRole.OWNER).getSingleResult());
    }

    /** Gives the user this role in the project (adding them when they are not a member); answers it as stored. */
    @WithTransaction
    public Uni<Member> putMember(UUID project, UUID user, ProjectRole role) {
        return Panache.getSession().flatMap(session -> session.find(Member.class, new Member.Key(project, user))
                .flatMap(existing -> {
                    if (existing != null) {
                        existing.role = role;
                        return session.flush().replaceWith(existing);
                    }
                    Member fresh = Member.of(project, user, role);
                    return session.persist(fresh).call(session::flush).replaceWith(fresh);
                }));
    }

    @WithTransaction
    public Uni<Boolean> removeMember(UUID project, UUID user) {
        return Panache.getSession().flatMap(session -> session.createMutationQuery(
                "delete from Member m where m.id.projectId = :project and m.id.userId = :user")
                .setParameter("project", project).setParameter("user", user).executeUpdate())
                .map(count -> count > 0);
    }

    private static WithRole withRole(Object[] row) {
        return new WithRole((Project) row[0], (ProjectRole) row[1]);
    }

    static UUID uuidOrNull(String ref) {
        if (ref == null || ref.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(ref);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
