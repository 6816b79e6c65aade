package dev.tokenvault.identity;

import java.util.UUID;

import dev.tokenvault.platform.DomainEvent;

/**
 * A user is about to be deleted. An observer may refuse by failing its follow-up (the projects package refuses
 * while the user is the last owner of a team project); nothing has been changed yet.
 */
public final class UserDeleting extends DomainEvent {

    private final UUID userId;

    public UserDeleting(UUID userId) {
        this.userId = userId;
    }

    public UUID userId() {
        return userId;
    }
}
