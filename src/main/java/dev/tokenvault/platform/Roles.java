package dev.tokenvault.platform;

import java.util.Set;

/** The two roles of the API. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final Set<String> ALL = Set.of(ADMIN, USER);

    private Roles() {
    }
}
