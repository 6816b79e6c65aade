package dev.tokenvault.connection;

import java.util.List;
import java.util.stream.Collectors;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Access;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectRole;

/**
 * The access decision applied to one connection: {@link Access#decide} on its project, and a machine credential's
 * scope (providers, connection ids). A connection the caller may not know of is not found, exactly like a missing
 * id; one they may see but not use this way is {@code 403}.
 */
public final class ConnectionAccess {

    static final int MAX_SUBJECT = 200;

    private ConnectionAccess() {
    }

    /** Fails unless the caller, with {@code role} in the connection's project, may do {@code action} on it. */
    public static void require(Caller caller, Connection c, ProjectRole role, Action action) {
        Access.Decision decision = Access.decide(caller, c.projectId, role, action);
        if (decision == Access.Decision.NOT_FOUND || !Access.reaches(caller, c.provider, c.id)) {
            throw ApiException.notFound("connection");
        }
        if (decision == Access.Decision.FORBIDDEN) {
            Access.require(caller, c.projectId, role, action); // throws the 403 with its reason
        }
    }

    /**
     * The one connection an application's lookup names, from what {@link ConnectionStore#lookup} found: null when
     * there is none the caller reaches; {@code 409} naming the choice when no subject was given and several match;
     * {@code 404}/{@code 403} when the caller may not do {@code action} in the project.
     */
    public static Connection pick(Caller caller, List<ConnectionStore.Found> found, String subject, Action action) {
        if (found.isEmpty()) {
            return null;
        }
        ConnectionStore.Found first = found.get(0);
        Access.require(caller, first.connection().projectId, first.role(), action);
        List<Connection> reachable = found.stream().map(ConnectionStore.Found::connection)
                .filter(c -> Access.reaches(caller, c.provider, c.id)).toList();
        if (reachable.size() > 1 && subject == null) {
            throw ApiException.conflict("the project has several connections to this provider; name one with "
                    + "'subject': " + reachable.stream().map(ConnectionAccess::label).collect(Collectors.joining(", "))
                    + (found.size() > 5 ? ", ..." : ""));
        }
        return reachable.isEmpty() ? null : reachable.get(0);
    }

    private static String label(Connection c) {
        return c.subject != null ? c.subject : "(no subject: connection " + c.id + ")";
    }

    /** A subject as given: 1 to 200 printable characters, or absent. */
    public static String checkedSubject(String subject) {
        if (subject == null) {
            return null;
        }
        if (subject.isEmpty()) {
            throw ApiException.invalidRequest("field 'subject' must be 1 to " + MAX_SUBJECT + " printable characters");
        }
        String checked = Validation.line(subject, "subject", MAX_SUBJECT, true);
        if (checked.isBlank() || !checked.equals(checked.strip())) {
            throw ApiException.invalidRequest("field 'subject' must not be blank or start or end with spaces");
        }
        return checked;
    }
}
