package dev.tokenvault.audit;

import java.time.Instant;
import java.util.UUID;

/** An audit event in the API. */
public record AuditView(UUID id, Instant at, Actor actor, String action, UUID project, UUID connectionId,
        String provider,
        String outcome, Integer statusCode, String appName, String purpose, String ip, String userAgent,
        Integer latencyMs, String tokenFingerprint, String errorCode) {

    public record Actor(String kind, String subject) {
    }

    static AuditView of(AuditRecord r) {
        return new AuditView(r.id, r.at, new Actor(r.actorKind, r.actorSubject), r.action, r.projectId, r.connectionId, r.provider,
                r.outcome, r.statusCode, r.appName, r.purpose, r.ip, r.userAgent, r.latencyMs, r.tokenFingerprint,
                r.errorCode);
    }
}
