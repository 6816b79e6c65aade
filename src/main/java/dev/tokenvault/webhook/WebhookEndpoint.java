package dev.tokenvault.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tokenvault.crypto.SealedField;

/** Where a project's events go: a URL, the event types it wants, and the sealed secret its deliveries are signed with. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint {

    public static final String TABLE = "webhook_endpoints";

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false)
    public String url;

    public String description;

    /** Space-separated event types, or {@code *}. */
    @Column(nullable = false)
    public String events;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "disabled_reason")
    public String disabledReason;

    /** The sealed signing secret ({@code whsec_...}). */
    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "failed_events", nullable = false)
    public int failedEvents;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public SealedField secretField() {
        return SealedField.of(TABLE, id, "secret");
    }

    public List<String> eventList() {
        return Arrays.asList(events.trim().split("\\s+"));
    }
}
