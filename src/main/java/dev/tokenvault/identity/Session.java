package dev.tokenvault.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signed-in session: every user JWT and session cookie names one, and works only while it lives. */
@Entity
@Table(name = "sessions")
public class Session {

    @Id
    public UUID id;
    public UUID userId;
    public Instant createdAt;
    public Instant lastSeenAt;
    /** The absolute end: the session ends then however active it is. */
    public Instant expiresAt;
    public String ip;
    public String userAgent;
}
