package dev.tokenvault.project;

import java.util.UUID;

import dev.tokenvault.platform.DomainEvent;

/**
 * A project is about to be deleted, inside the deleting transaction with the project's row locked. An observer
 * refuses by failing its follow-up (the connection package refuses while the project has connections).
 */
public final class ProjectDeleting extends DomainEvent {

    private final UUID projectId;

    public ProjectDeleting(UUID projectId) {
        this.projectId = projectId;
    }

    public UUID projectId() {
        return projectId;
    }
}
