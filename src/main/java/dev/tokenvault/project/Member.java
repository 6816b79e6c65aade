package dev.tokenvault.project;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A user's membership in a project, with their role there. */
@Entity
@Table(name = "project_members")
public class Member {

    @EmbeddedId
    public Key id;

    /** Stored lower-case, as the API names it. */
    @Column(nullable = false)
    @jakarta.persistence.Convert(converter = RoleColumn.class)
    public ProjectRole role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "project_id")
        public UUID projectId;
        @Column(name = "user_id")
        public UUID userId;

        public Key() {
        }

        public Key(UUID projectId, UUID userId) {
            this.projectId = projectId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(projectId, k.projectId)
                    && java.util.Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(projectId, userId);
        }
    }

    static Member of(UUID project, UUID user, ProjectRole role) {
        Member m = new Member();
        m.id = new Key(project, user);
        m.role = role;
        m.createdAt = Instant.now();
        return m;
    }

    /** The role column holds the wire name ({@code owner}, {@code member}, {@code viewer}). */
    @jakarta.persistence.Converter
    public static class RoleColumn implements jakarta.persistence.AttributeConverter<ProjectRole, String> {
        @Override
        public String convertToDatabaseColumn(ProjectRole role) {
            return role == null ? null : role.wireName();
        }

        @Override
        public ProjectRole convertToEntityAttribute(String stored) {
            return ProjectRole.stored(stored);
        }
    }
}
