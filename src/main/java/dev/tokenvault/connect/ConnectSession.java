package dev.tokenvault.connect;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A link an application sends its end user to, so that they connect their account at a provider as the project's
 * {@code subject}. The link carries a secret; only its SHA-256 is kept. Usable once, until {@link #expiresAt}.
 */
@Entity
@Table(name = "connect_sessions")
public class ConnectSession {

    public static final String PENDING = "pending";
    public static final String STARTED = "started";
    public static final String CONNECTED = "connected";
    public static final String FAILED = "failed";

    @Id
    public UUID id;
    public UUID projectId;
    public String provider;
    public String subject;
    public String returnTo;
    public String tokenHash;
    /** pending, started (the end user went to the provider), connected, failed. */
    public String status;
    public String error;
    public UUID connectionId;
    public String createdBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant finishedAt;

    /** The status as applications see it: a session that was not finished in time has {@code expired}. */
    public String visibleStatus(Instant now) {
        boolean open = PENDING.equals(status) || STARTED.equals(status);
        if (open && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return STARTED.equals(status) ? PENDING : status;
    }
}
