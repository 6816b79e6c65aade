package dev.tokenvault.project;

import java.time.Instant;
import java.util.UUID;

/** A member of a project. */
public record MemberView(UUID userId, String username, String role, Instant createdAt) {

    static MemberView of(ProjectRepository.MemberRow row) {
        return new MemberView(row.member().id.userId, row.username(), row.member().role.wireName(),
                row.member().createdAt);
    }
}
