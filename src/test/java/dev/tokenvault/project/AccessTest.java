package dev.tokenvault.project;

import static dev.tokenvault.project.Access.Decision.ALLOW;
import static dev.tokenvault.project.Access.Decision.FORBIDDEN;
import static dev.tokenvault.project.Access.Decision.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Permission;
import dev.tokenvault.platform.Roles;

/**
 * The access decision as a table: every action against every kind of caller. A row says which actions are allowed;
 * every other action is refused (403) for a caller who may see the project, and not found (404) for one who may not.
 */
class AccessTest {

    static final UUID PROJECT = UUID.randomUUID();
    static final UUID OTHER = UUID.randomUUID();

    record Row(String who, Caller caller, ProjectRole role, Set<Action> allowed, boolean seesProject) {
    }

    static Caller user(String... roles) {
        return Caller.user(UUID.randomUUID().toString(), "someone", Set.of(roles), UUID.randomUUID());
    }

    static Caller key(UUID project, Permission... permissions) {
        return Caller.machine(Caller.Kind.API_KEY, UUID.randomUUID().toString(), "api_key:x", new Caller.Scope(project,
                permissions.length == 0 ? Set.of() : EnumSet.of(permissions[0], permissions), Set.of(), Set.of()));
    }

    static final Set<Action> VIEWER = EnumSet.of(Action.VIEW_PROJECT, Action.VIEW_MEMBERS, Action.VIEW_CONNECTIONS,
            Action.VIEW_AUDIT);
    static final Set<Action> MEMBER = EnumSet.of(Action.VIEW_PROJECT, Action.VIEW_MEMBERS, Action.VIEW_CONNECTIONS,
            Action.READ_TOKENS, Action.WRITE_CONNECTIONS, Action.CONNECT, Action.VIEW_API_KEYS, Action.CREATE_API_KEYS,
            Action.VIEW_WEBHOOKS, Action.MANAGE_WEBHOOKS, Action.VIEW_AUDIT);
    static final Set<Action> ADMIN_ONLY = EnumSet.of(Action.VIEW_PROJECT, Action.MANAGE_PROJECT, Action.VIEW_MEMBERS,
            Action.MANAGE_MEMBERS, Action.VIEW_CONNECTIONS, Action.VIEW_API_KEYS, Action.REVOKE_API_KEYS,
            Action.MANAGE_BINDINGS, Action.VIEW_WEBHOOKS, Action.VIEW_AUDIT, Action.RESPOND_TO_LEAKS);

    static List<Row> table() {
        Set<Action> adminMember = EnumSet.copyOf(MEMBER);
        adminMember.addAll(ADMIN_ONLY);
        return List.of(
                new Row("owner", user(Roles.USER), ProjectRole.OWNER, EnumSet.allOf(Action.class), true),
                new Row("member", user(Roles.USER), ProjectRole.MEMBER, MEMBER, true),
                new Row("viewer", user(Roles.USER), ProjectRole.VIEWER, VIEWER, true),
                new Row("non-member", user(Roles.USER), null, Set.of(), false),
                new Row("admin, not a member", user(Roles.ADMIN, Roles.USER), null, ADMIN_ONLY, true),
                new Row("admin and member", user(Roles.ADMIN, Roles.USER), ProjectRole.MEMBER, adminMember, true),
                new Row("key tokens:read", key(PROJECT, Permission.TOKENS_READ), null,
                        EnumSet.of(Action.VIEW_PROJECT, Action.VIEW_CONNECTIONS, Action.READ_TOKENS), true),
                new Row("key connections:write", key(PROJECT, Permission.CONNECTIONS_WRITE), null,
                        EnumSet.of(Action.VIEW_PROJECT, Action.VIEW_CONNECTIONS, Action.WRITE_CONNECTIONS), true),
                new Row("key connect", key(PROJECT, Permission.CONNECT), null,
                        EnumSet.of(Action.VIEW_PROJECT, Action.CONNECT), true),
                new Row("key of another project", key(OTHER, Permission.TOKENS_READ, Permission.CONNECTIONS_WRITE,
                        Permission.CONNECT), null, Set.of(), false),
                new Row("workload", Caller.machine(Caller.Kind.WORKLOAD, "repo:acme/app", "ci", new Caller.Scope(PROJECT,
                        Set.of(Permission.TOKENS_READ), Set.of(), Set.of())), null,
                        EnumSet.of(Action.VIEW_PROJECT, Action.VIEW_CONNECTIONS, Action.READ_TOKENS), true));
    }

    @Test
    void everyCallerMayDoExactlyWhatItsRowSays() {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        for (Row row : table()) {
            for (Action action : Action.values()) {
                Access.Decision expected = row.allowed().contains(action) ? ALLOW : row.seesProject() ? FORBIDDEN
                        : NOT_FOUND;
                Access.Decision actual = Access.decide(row.caller(), PROJECT, row.role(), action);
                if (actual != expected) {
                    wrong.computeIfAbsent(row.who(), k -> new ArrayList<>()).add(action + ": " + actual + " not " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aMachineScopeReachesOnlyItsProvidersAndConnections() {
        UUID bound = UUID.randomUUID();
        Caller limited = Caller.machine(Caller.Kind.API_KEY, "k", "api_key:k", new Caller.Scope(PROJECT,
                Set.of(Permission.TOKENS_READ), Set.of("github"), Set.of(bound)));
        assertThat(Access.reaches(limited, "github", bound)).isTrue();
        assertThat(Access.reaches(limited, "github", UUID.randomUUID())).isFalse();
        assertThat(Access.reaches(limited, "xero", bound)).isFalse();
        assertThat(Access.reaches(user(Roles.USER), "xero", UUID.randomUUID())).isTrue();
    }
}
