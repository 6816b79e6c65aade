package dev.tokenvault.audit;

import java.time.Instant;
import java.util.UUID;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TimeOrderedUuid;

/**
 * One audit record, assembled by the code that performs the action. It holds no secret: a handed-out token
 * is represented only by its keyed fingerprint (see {@link Fingerprinter}).
 */
public final class AuditEvent {

    public final Instant at = Instant.now();
    /** Time-ordered, so that the audit log's primary-key index grows at one end. */
    public final UUID id = TimeOrderedUuid.at(at);
    public final String action;
    public String actorKind = "anonymous";
    public String actorSubject;
    public String outcome = "success";
    public UUID connectionId;
    public UUID projectId;
    public String provider;
    public Integer statusCode;
    public String appName;
    public String purpose;
    public String ip;
    public String userAgent;
    public Integer latencyMs;
    public String tokenFingerprint;
    public String errorCode;

    private AuditEvent(String action) {
        this.action = action;
    }

    public static AuditEvent of(String action) {
        return new AuditEvent(action);
    }

    public AuditEvent actor(Caller caller) {
        this.actorKind = caller.kind().wireName();
        this.actorSubject = caller.auditSubject();
        return this;
    }

    public AuditEvent actor(String kind, String subject) {
        this.actorKind = kind;
        this.actorSubject = subject;
        return this;
    }

    /** The connection the event concerns, with its project (its members see the event) and provider. */
    public AuditEvent connection(UUID connectionId, UUID project, String provider) {
        this.connectionId = connectionId;
        this.projectId = project;
        this.provider = provider;
        return this;
    }

    /** The project the event concerns (its members see the event). */
    public AuditEvent project(UUID project) {
        this.projectId = project;
        return this;
    }

    public AuditEvent request(RequestInfo request) {
        if (request != null) {
            this.ip = request.ip();
            this.userAgent = request.userAgent();
            this.appName = request.appName();
            this.purpose = request.purpose();
            this.latencyMs = request.elapsedMillis();
        }
        return this;
    }

    public AuditEvent success(int statusCode) {
        this.outcome = "success";
        this.statusCode = statusCode;
        return this;
    }

    public AuditEvent failure(int statusCode, String errorCode) {
        this.outcome = "failure";
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        return this;
    }

    public AuditEvent denied(int statusCode, String errorCode) {
        this.outcome = "denied";
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        return this;
    }

    public AuditEvent fingerprint(String fingerprint) {
        this.tokenFingerprint = fingerprint;
        return this;
    }
}
