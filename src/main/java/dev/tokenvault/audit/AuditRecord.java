package dev.tokenvault.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored audit event, as read back by {@code GET /v1/audit}. Written by {@link AuditWriter}. */
@Entity
@Table(name = "audit_events")
public class AuditRecord {
    @Id
    public UUID id;
    public Instant at;
    public String actorKind;
    public String actorSubject;
    public String action;
    public UUID connectionId;
    public UUID projectId;
    public String provider;
    public String outcome;
    public Integer statusCode;
    public String appName;
    public String purpose;
    public String ip;
    public String userAgent;
    public Integer latencyMs;
    public String tokenFingerprint;
    public String errorCode;
}
