package dev.tokenvault.project;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A namespace that owns connections, API keys, bindings and webhooks, shared by its members. A personal project
 * ({@code ~<username>}) belongs to one user and goes with them.
 */
@Entity
@Table(name = "projects")
public class Project {

    /** Personal projects are named after their user with this prefix, which team project names cannot hold. */
    public static final String PERSONAL_PREFIX = "~";

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "display_name")
    public String displayName;

    /** The user whose personal project this is; null for a team project. */
    @Column(name = "personal_user_id")
    public UUID personalUserId;

    /** Space-separated globs ({@code *}) that a connect session's {@code return_to} must match. */
    @Column(name = "allowed_return_urls", nullable = false)
    public String allowedReturnUrls = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The allowed return URLs as a list. */
    public List<String> returnUrlList() {
        return allowedReturnUrls == null || allowedReturnUrls.isBlank() ? List.of()
                : List.of(allowedReturnUrls.trim().split("\\s+"));
    }

    public boolean isPersonal() {
        return personalUserId != null;
    }

    public static String personalName(String username) {
        return PERSONAL_PREFIX + username;
    }
}
