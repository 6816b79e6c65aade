package dev.tokenvault.identity;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Roles;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/**
 * Users: creation with an Argon2id hash, listing, changes and deletion (admin), password changes, and login
 * checks. Deleting or disabling a user, changing their roles or their password ends their sessions.
 */
@ApplicationScoped
public class UserService {

    static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";
    static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final AuditWriter audit;
    private final Event<UserCreated> created;
    private final Event<UserDeleting> deleting;

    public UserService(UserRepository users, PasswordHasher hasher, SessionService sessions, AuditWriter audit,
            Event<UserCreated> created, Event<UserDeleting> deleting) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.created = created;
        this.deleting = deleting;
    }

    public record NewUser(String username, String password, List<String> roles) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", password=<redacted>]";
        }
    }

    /** {@code PATCH /v1/users/{id}}: what to change; absent fields stay as they are. */
    public record UserChange(List<String> roles, Boolean disabled, String password) {
        @Override
        public String toString() {
            return "UserChange[roles=" + roles + ", disabled=" + disabled + ", password=<redacted>]";
        }
    }

    /** {@code PUT /v1/me/password}. */
    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[<redacted>]";
        }
    }

    public Uni<UserView> create(Caller caller, NewUser request, RequestInfo info) {
        String username = checkedUsername(request.username());
        String password = checkedPassword(request.password(), "password");
        Set<String> roles = checkedRoles(request.roles());
        return hasher.hash(password)
                .flatMap(hash -> users.add(newUser(username, hash, roles)))
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict("username is taken"))
                .call(this::announce)
                .call(user -> audit.record(AuditEvent.of("user.create").actor(caller).request(info).success(201)))
                .map(UserView::of);
    }

    /** Creates the first administrator when there is no user at all; a no-op otherwise. */
    public Uni<Boolean> bootstrapAdmin(String username, String password) {
        String name = checkedUsername(username);
        String pass = checkedPassword(password, "password");
        return users.countAll().flatMap(count -> {
            if (count > 0) {
                return Uni.createFrom().item(false);
            }
            return hasher.hash(pass)
                    .flatMap(hash -> users.add(newUser(name, hash, Set.of(Roles.ADMIN, Roles.USER))))
                    .call(this::announce)
                    .call(user -> audit.record(AuditEvent.of("user.create").actor("system", "bootstrap").success(201)))
                    .replaceWith(true)
                    .onFailure(Db::isUniqueViolation).recoverWithItem(false); // another replica won the race
        });
    }

    public Uni<Page<UserView>> list(PageRequest page) {
        return users.listPage(page).map(rows -> Page.of(rows, page.size(), u -> new Cursor(u.createdAt, u.id),
                UserView::of));
    }

    /**
     * Changes roles, standing or password (admin). Every session of the user ends, on every replica within the
     * session cache's lifetime. An administrator cannot take their own admin role away or disable themselves.
     */
    public Uni<UserView> change(Caller caller, UUID id, UserChange request, RequestInfo info) {
        Set<String> roles = request.roles() == null ? null : checkedRoles(request.roles());
        String password = request.password() == null ? null : checkedPassword(request.password(), "password");
        if (caller.subject().equals(id.toString())
                && (Boolean.TRUE.equals(request.disabled()) || (roles != null && !roles.contains(Roles.ADMIN)))) {
            throw ApiException.conflict("an administrator cannot disable themselves or give up their own admin role");
        }
        Uni<String> hash = password == null ? Uni.createFrom().nullItem() : hasher.hash(password);
        return hash.flatMap(newHash -> users.change(id, user -> {
                    if (roles != null) {
                        user.roles = String.join(" ", roles);
                    }
                    if (request.disabled() != null) {
                        user.disabled = request.disabled();
                    }
                    if (newHash != null) {
                        user.passwordHash = newHash;
                    }
                    user.updatedAt = Instant.now();
                }))
                .onItem().ifNull().failWith(() -> ApiException.notFound("user"))
                .call(user -> sessions.endAll(user.id, null))
                .call(user -> audit.record(AuditEvent.of("user.update").actor(caller).request(info).success(200)))
                .map(UserView::of);
    }

    /** Changes the caller's own password after checking the current one; their other sessions end. */
    public Uni<Void> changeOwnPassword(Caller caller, PasswordChange request, RequestInfo info) {
        UUID id = caller.userId();
        String current = Validation.required(request.currentPassword(), "current_password", MAX_PASSWORD);
        String next = checkedPassword(request.newPassword(), "new_password");
        return users.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("user"))
                .flatMap(user -> hasher.verify(current, user.passwordHash))
                .flatMap(ok -> ok ? hasher.hash(next)
                        : audit.record(AuditEvent.of("user.password").actor(caller).request(info)
                                .denied(403, "wrong_password"))
                                .flatMap(ignored -> Uni.createFrom().<String>failure(
                                        ApiException.forbidden("the current password is wrong"))))
                .flatMap(hash -> users.change(id, user -> {
                    user.passwordHash = hash;
                    user.updatedAt = Instant.now();
                }))
                .call(user -> sessions.endAll(id, caller.session()))
                .call(user -> audit.record(AuditEvent.of("user.password").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        if (caller.subject().equals(id.toString())) {
            return Uni.createFrom().failure(ApiException.conflict("an administrator cannot delete themselves"));
        }
        UserDeleting event = new UserDeleting(id);
        deleting.fire(event);
        return event.followUps()
                .flatMap(ignored -> sessions.endAll(id, null))
                .flatMap(ignored -> users.remove(id))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("user");
                    }
                })
                .call(ignored -> audit.record(AuditEvent.of("user.delete").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    /** Tells the packages above that the user exists (their personal project is made before the answer). */
    private Uni<Void> announce(User user) {
        UserCreated event = new UserCreated(user.id, user.username);
        created.fire(event);
        return event.followUps();
    }

    /**
     * The user with these credentials, or null. Takes the same time whether or not the user exists (an absent
     * username is checked against a decoy hash).
     */
    public Uni<User> authenticate(String username, String password) {
        Uni<User> found = username == null ? Uni.createFrom().nullItem() : users.findByUsername(username);
        return found.flatMap(user -> hasher.verify(password, user == null ? null : user.passwordHash)
                .map(ok -> ok ? user : null));
    }

    private static User newUser(String username, String hash, Set<String> roles) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.passwordHash = hash;
        user.roles = String.join(" ", roles);
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    /** Whether a username could exist at all (so that it can be looked up). */
    static boolean wellFormedUsername(String username) {
        return username != null && username.matches(USERNAME_PATTERN);
    }

    static String checkedUsername(String username) {
        Validation.required(username, "username", 64);
        if (!wellFormedUsername(username)) {
            throw ApiException.invalidRequest("field 'username' may hold letters, digits and . _ @ - only");
        }
        return username;
    }

    static String checkedPassword(String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiException.invalidRequest("field '" + field + "' must have at least " + MIN_PASSWORD + " characters");
        }
        return Validation.optional(password, field, MAX_PASSWORD);
    }

    static Set<String> checkedRoles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            return Set.of(Roles.USER);
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String role : roles) {
            if (role == null || !Roles.ALL.contains(role)) {
                throw ApiException.invalidRequest("field 'roles' may hold 'admin' and 'user' only");
            }
            checked.add(role);
        }
        return checked;
    }
}
