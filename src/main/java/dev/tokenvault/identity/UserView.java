package dev.tokenvault.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record UserView(UUID id, String username, Set<String> roles, boolean disabled, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(user.id, user.username, user.roleSet(), user.disabled, user.createdAt);
    }
}
