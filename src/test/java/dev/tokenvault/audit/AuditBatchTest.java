package dev.tokenvault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A batch goes in as one statement (column arrays): every event comes back exactly, nulls and all. */
@QuarkusTest
class AuditBatchTest {

    @Inject
    AuditRepository repository;

    @Inject
    Pool pool;

    @Test
    void everyEventOfABatchIsStoredWithEveryFieldAsGiven() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AuditEvent e = AuditEvent.of(i % 2 == 0 ? "token.read" : "auth.failure");
            if (i % 3 == 0) {
                e.connection(UUID.randomUUID(), UUID.randomUUID(), "prov-" + i).success(200)
                        .fingerprint("fp-" + i);
                e.appName = "app \"quoted\", {braces} ünïcödé " + i;
                e.purpose = i % 6 == 0 ? null : "purpose " + i;
                e.latencyMs = i;
            } else {
                e.failure(401, "invalid_credentials");
                e.userAgent = "agent\\with\\backslashes " + i;
            }
            e.ip = i % 5 == 0 ? null : "10.0.0." + (i % 250);
            batch.add(e);
        }
        repository.insertBatch(batch).await().indefinitely();

        UUID[] ids = batch.stream().map(e -> e.id).toArray(UUID[]::new);
        Map<UUID, Row> stored = new HashMap<>();
        pool.preparedQuery("SELECT * FROM audit_events WHERE id = ANY($1)").execute(Tuple.of(ids)).await()
                .indefinitely().forEach(r -> stored.put(r.getUUID("id"), r));
        assertThat(stored).hasSize(batch.size());
        for (AuditEvent e : batch) {
            Row r = stored.get(e.id);
            assertThat(r.getOffsetDateTime("at").toInstant()).isEqualTo(e.at.truncatedTo(ChronoUnit.MICROS));
            assertThat(r.getString("action")).isEqualTo(e.action);
            assertThat(r.getString("actor_kind")).isEqualTo(e.actorKind);
            assertThat(r.getString("actor_subject")).isEqualTo(e.actorSubject);
            assertThat(r.getString("outcome")).isEqualTo(e.outcome);
            assertThat(r.getUUID("connection_id")).isEqualTo(e.connectionId);
            assertThat(r.getUUID("project_id")).isEqualTo(e.projectId);
            assertThat(r.getString("provider")).isEqualTo(e.provider);
            assertThat(r.getInteger("status_code")).isEqualTo(e.statusCode);
            assertThat(r.getString("app_name")).isEqualTo(e.appName);
            assertThat(r.getString("purpose")).isEqualTo(e.purpose);
            assertThat(r.getString("ip")).isEqualTo(e.ip);
            assertThat(r.getString("user_agent")).isEqualTo(e.userAgent);
            assertThat(r.getInteger("latency_ms")).isEqualTo(e.latencyMs);
            assertThat(r.getString("token_fingerprint")).isEqualTo(e.tokenFingerprint);
            assertThat(r.getString("error_code")).isEqualTo(e.errorCode);
        }
    }
}
