package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's API key for CLIs and scripts. Only the SHA-256 of the key is kept, with its public prefix. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;
    public UUID ownerId;
    public String name;
    /** {@code tvk_} and the first 8 random characters: enough to recognise a key, far too few to use it. */
    public String prefix;
    public byte[] keyHash;
    /** Space-separated ids of the connections the key may read; all owned by {@link #ownerId}. */
    public String connectionIds;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant lastUsedAt;
}
