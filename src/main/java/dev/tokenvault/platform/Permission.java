package dev.tokenvault.platform;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a machine credential (API key, workload) may do in its project. Users act through their project role. */
public enum Permission {
    /** Read tokens and status of the project's connections. */
    TOKENS_READ("tokens:read"),
    /** Create, update and delete the project's connections. */
    CONNECTIONS_WRITE("connections:write"),
    /** Create connect sessions for end users. */
    CONNECT("connect");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A non-empty set from a request's list; {@code 400} naming the field for anything else. */
    public static Set<Permission> parse(List<String> names, String field) {
        if (names == null || names.isEmpty()) {
            throw ApiException.invalidRequest("field '" + field + "' must name at least one permission");
        }
        Set<Permission> parsed = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            parsed.add(Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.invalidRequest("field '" + field + "' may hold "
                            + Arrays.stream(values()).map(p -> "'" + p.wireName + "'").collect(Collectors.joining(", "))
                            + " only")));
        }
        return parsed;
    }

    /** The set as stored: wire names, space-separated. */
    public static String joined(Set<Permission> permissions) {
        return permissions.stream().map(Permission::wireName).sorted().collect(Collectors.joining(" "));
    }

    /** The stored form read back; unknown names (from a newer version) are skipped. */
    public static Set<Permission> split(String stored) {
        Set<Permission> parsed = EnumSet.noneOf(Permission.class);
        if (stored == null) {
            return parsed;
        }
        for (String name : stored.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst().ifPresent(parsed::add);
        }
        return parsed;
    }
}
