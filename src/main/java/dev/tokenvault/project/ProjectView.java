package dev.tokenvault.project;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A project as shown, with the caller's role in it (null for an administrator who is not a member). */
public record ProjectView(UUID id, String name, String displayName, boolean personal, List<String> allowedReturnUrls,
        Instant createdAt, Instant updatedAt, String role) {

    static ProjectView of(Project p, ProjectRole role) {
        return new ProjectView(p.id, p.name, p.displayName, p.isPersonal(), p.returnUrlList(),
                p.createdAt, p.updatedAt, role == null ? null : role.wireName());
    }
}
