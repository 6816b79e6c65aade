package dev.tokenvault.identity;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

/** Users: creation with an Argon2id hash, listing and deletion (admin), and login checks. */
@ApplicationScoped
public class UserService {

    static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";
    static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditWriter audit;

    public UserService(UserRepository users, PasswordHasher hasher, AuditWriter audit) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
    }

    public record NewUser(String username, String password, List<String> roles) {
    }

    public Uni<UserView> create(Caller caller, NewUser request, RequestInfo info) {
        String username = checkedUsername(request.username());
        String password = checkedPassword(request.password());
        Set<String> roles = checkedRoles(request.roles());
        return hasher.hash(password)
                .flatMap(hash -> users.add(newUser(username, hash, roles)))
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict("username is taken"))
                .call(user -> audit.record(AuditEvent.of("user.create").actor(caller).request(info).success(201)))
                .map(UserView::of);
    }

    /** Creates the first administrator when there is no user at all; a no-op otherwise. */
    public Uni<Boolean> bootstrapAdmin(String username, String password) {
        String name = checkedUsername(username);
        String pass = checkedPassword(password);
        return users.countAll().flatMap(count -> {
            if (count > 0) {
                return Uni.createFrom().item(false);
            }
            return hasher.hash(pass)
                    .flatMap(hash -> users.add(newUser(name, hash, Set.of(Roles.ADMIN, Roles.USER))))
                    .call(user -> audit.record(AuditEvent.of("user.create").actor("system", "bootstrap").success(201)))
                    .replaceWith(true)
                    .onFailure(Db::isUniqueViolation).recoverWithItem(false); // another replica won the race
        });
    }

    public Uni<Page<UserView>> list(PageRequest page) {
        return users.listPage(page).map(rows -> Page.of(rows, page.size(), u -> new Cursor(u.createdAt, u.id),
                UserView::of));
    }

    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        if (caller.subject().equals(id.toString())) {
            return Uni.createFrom().failure(ApiException.conflict("an administrator cannot delete themselves"));
        }
        return users.remove(id)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("user");
                    }
                })
                .call(ignored -> audit.record(AuditEvent.of("user.delete").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    /** The user with these credentials, or null. Takes the same time whether or not the user exists. */
    public Uni<User> authenticate(String username, String password) {
        return users.findByUsername(username)
                .flatMap(user -> hasher.verify(password, user == null ? null : user.passwordHash)
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

    static String checkedUsername(String username) {
        Validation.required(username, "username", 64);
        if (!username.matches(USERNAME_PATTERN)) {
            throw ApiException.invalidRequest("field 'username' may hold letters, digits and . _ @ - only");
        }
        return username;
    }

    static String checkedPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiException.invalidRequest("field 'password' must have at least " + MIN_PASSWORD + " characters");
        }
        return Validation.optional(password, "password", MAX_PASSWORD);
    }

    static Set<String> checkedRoles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            return Set.of(Roles.USER);
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                throw ApiException.invalidRequest("field 'roles' may hold 'admin' and 'user' only");
            }
            checked.add(role);
        }
        return checked;
    }
}
