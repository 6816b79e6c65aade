package dev.tokenvault.project;

import static dev.tokenvault.project.Action.CONNECT;
import static dev.tokenvault.project.Action.CREATE_API_KEYS;
import static dev.tokenvault.project.Action.MANAGE_BINDINGS;
import static dev.tokenvault.project.Action.MANAGE_MEMBERS;
import static dev.tokenvault.project.Action.MANAGE_PROJECT;
import static dev.tokenvault.project.Action.MANAGE_WEBHOOKS;
import static dev.tokenvault.project.Action.READ_TOKENS;
import static dev.tokenvault.project.Action.RESPOND_TO_LEAKS;
import static dev.tokenvault.project.Action.REVOKE_API_KEYS;
import static dev.tokenvault.project.Action.VIEW_API_KEYS;
import static dev.tokenvault.project.Action.VIEW_AUDIT;
import static dev.tokenvault.project.Action.VIEW_CONNECTIONS;
import static dev.tokenvault.project.Action.VIEW_MEMBERS;
import static dev.tokenvault.project.Action.VIEW_PROJECT;
import static dev.tokenvault.project.Action.VIEW_WEBHOOKS;
import static dev.tokenvault.project.Action.WRITE_CONNECTIONS;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Permission;

/**
 * The one access decision: may this caller do this action in this project. Every endpoint that touches a project
 * asks it, with the caller's membership role there (null when none) as read from the database for the request.
 * <ul>
 * <li>Someone who is not a member (and not an administrator), and a machine credential of another project, learn
 * nothing: the project is not found, exactly as a missing one.</li>
 * <li>Members act by their role; administrators without a membership see and manage a project (members,
 * bindings, leaks) but read no token and change no connection: least privilege, and every hand-out is made to
 * someone the project's owners let in.</li>
 * <li>A machine credential acts in its own project by its permissions.</li>
 * </ul>
 */
public final class Access {

    /** The outcome: allowed, refused ({@code 403}), or not found ({@code 404}, the caller may not know it exists). */
    public enum Decision {
        ALLOW, FORBIDDEN, NOT_FOUND
    }

    static final Map<ProjectRole, Set<Action>> BY_ROLE = Map.of(
            ProjectRole.OWNER, EnumSet.allOf(Action.class),
            ProjectRole.MEMBER, EnumSet.of(VIEW_PROJECT, VIEW_MEMBERS, VIEW_CONNECTIONS, READ_TOKENS, WRITE_CONNECTIONS,
                    CONNECT, VIEW_API_KEYS, CREATE_API_KEYS, VIEW_WEBHOOKS, MANAGE_WEBHOOKS, VIEW_AUDIT),
            ProjectRole.VIEWER, EnumSet.of(VIEW_PROJECT, VIEW_MEMBERS, VIEW_CONNECTIONS, VIEW_AUDIT));

    static final Set<Action> ADMIN = EnumSet.of(VIEW_PROJECT, MANAGE_PROJECT, VIEW_MEMBERS, MANAGE_MEMBERS,
            VIEW_CONNECTIONS, VIEW_API_KEYS, REVOKE_API_KEYS, MANAGE_BINDINGS, VIEW_WEBHOOKS, VIEW_AUDIT,
            RESPOND_TO_LEAKS);

    private Access() {
    }

    public static Decision decide(Caller caller, UUID project, ProjectRole role, Action action) {
        if (!caller.isUser()) {
            Caller.Scope scope = caller.scope();
            if (scope == null || !scope.project().equals(project)) {
                return Decision.NOT_FOUND;
            }
            return machineMay(scope.permissions(), action) ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        if (role == null && !caller.isAdmin()) {
            return Decision.NOT_FOUND;
        }
        boolean allowed = (role != null && BY_ROLE.get(role).contains(action)) || (caller.isAdmin() && ADMIN.contains(action));
        return allowed ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    private static boolean machineMay(Set<Permission> permissions, Action action) {
        return switch (action) {
            case VIEW_PROJECT -> true;
            case VIEW_CONNECTIONS -> permissions.contains(Permission.TOKENS_READ)
                    || permissions.contains(Permission.CONNECTIONS_WRITE);
            case READ_TOKENS -> permissions.contains(Permission.TOKENS_READ);
            case WRITE_CONNECTIONS -> permissions.contains(Permission.CONNECTIONS_WRITE);
            case CONNECT -> permissions.contains(Permission.CONNECT);
            default -> false;
        };
    }

    /**
     * Whether the caller reaches this connection of a project it may act in: a machine credential limited to some
     * providers or connections reaches only those (the others are not found); users reach all.
     */
    public static boolean reaches(Caller caller, String provider, UUID connection) {
        return caller.isUser() || caller.scope().reaches(provider, connection);
    }

    /** Fails with {@code 404 not_found} or {@code 403 forbidden} unless the decision allows. */
    public static void require(Caller caller, UUID project, ProjectRole role, Action action) {
        switch (decide(caller, project, role, action)) {
            case ALLOW -> {
            }
            case NOT_FOUND -> throw ApiException.notFound("project");
            case FORBIDDEN -> throw ApiException.forbidden(refusal(caller, role, action));
        }
    }

    private static String refusal(Caller caller, ProjectRole role, Action action) {
        String what = action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (!caller.isUser()) {
            return "this credential's permissions do not allow: " + what;
        }
        return (role == null ? "an administrator who is not a member" : "a project " + role.wireName())
                + " may not: " + what;
    }
}
