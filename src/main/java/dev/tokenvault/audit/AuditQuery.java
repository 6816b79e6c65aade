package dev.tokenvault.audit;

import java.time.Instant;
import java.util.UUID;

/** The filters of {@code GET /v1/audit}; null means "any". */
public record AuditQuery(UUID project, UUID connectionId, String actor, String action, String outcome, Instant since,
        Instant until) {
}
