package dev.tokenvault.project;

import java.util.Locale;

import dev.tokenvault.platform.ApiException;

/**
 * A user's role in a project. Owners manage members and everything below; members create, connect, delete and
 * read connections and make API keys and webhooks; viewers see connections, status and audit but read no token.
 */
public enum ProjectRole {
    OWNER, MEMBER, VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a request names; {@code 400} naming the field otherwise. */
    public static ProjectRole parse(String value, String field) {
        if (value != null) {
            for (ProjectRole role : values()) {
                if (role.wireName().equals(value)) {
                    return role;
                }
            }
        }
        throw ApiException.invalidRequest("field '" + field + "' must be 'owner', 'member' or 'viewer'");
    }

    /** The stored form read back; null for none. */
    public static ProjectRole stored(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
