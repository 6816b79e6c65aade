package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API key of a project, for CLIs, scripts and applications. Only the SHA-256 of the key is kept, with its public
 * prefix. It belongs to the project, not to the member who made it ({@link #createdBy}).
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;
    public UUID projectId;
    /** The user who made the key; null once they are gone. */
    public UUID createdBy;
    public String name;
    /** {@code tvk_} and the first 8 random characters: enough to recognise a key, far too few to use it. */
    public String prefix;
    public byte[] keyHash;
    /** The keyed fingerprint of the key ({@code hs256:...}), as the leak lookup knows tokens; null for older keys. */
    public String fingerprint;
    /** Space-separated permission names ({@code tokens:read connections:write connect}). */
    public String permissions;
    /** Space-separated provider names the key is limited to; null for every provider. */
    public String providers;
    /** Space-separated ids of the connections the key is limited to; null for every connection of the project. */
    public String connectionIds;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant lastUsedAt;
}
