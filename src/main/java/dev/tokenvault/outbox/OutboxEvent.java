package dev.tokenvault.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An event waiting to be handed to the webhook deliveries of its project. */
@Entity
@Table(name = "outbox_events")
public class OutboxEvent {

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false)
    public String type;

    /** What the event names (ids, names, states, times), never a secret. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static OutboxEvent of(UUID project, String type, Map<String, Object> payload) {
        OutboxEvent e = new OutboxEvent();
        e.id = UUID.randomUUID();
        e.projectId = project;
        e.type = type;
        e.payload = payload;
        e.createdAt = Instant.now();
        return e;
    }
}
