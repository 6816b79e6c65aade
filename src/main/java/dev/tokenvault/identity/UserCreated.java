package dev.tokenvault.identity;

import java.util.UUID;

import dev.tokenvault.platform.DomainEvent;

/** A user was created (the projects package gives them their personal project before the creation answers). */
public final class UserCreated extends DomainEvent {

    private final UUID userId;
    private final String username;

    public UserCreated(UUID userId, String username) {
        this.userId = userId;
        this.username = username;
    }

    public UUID userId() {
        return userId;
    }

    public String username() {
        return username;
    }
}
