package dev.tokenvault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tokenvault.platform.TokenvaultConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** The writer's queue is bounded: when the database cannot keep up, actions are refused, not queued forever. */
class AuditWriterTest {

    /** A database that never answers: every batch stays in flight. */
    static final class StuckRepository extends AuditRepository {
        final AtomicInteger batches = new AtomicInteger();

        StuckRepository() {
            super(null);
        }

        @Override
        Uni<Void> insertBatch(List<AuditEvent> events) {
            batches.incrementAndGet();
            return Uni.createFrom().emitter(emitter -> {
            });
        }
    }

    @Test
    void pastTheBoundEventsAreRefusedAtOnceAndCounted() {
        TokenvaultConfig config = new io.smallrye.config.SmallRyeConfigBuilder().withMapping(TokenvaultConfig.class)
                .withDefaultValue("tokenvault.audit.max-queued", "3")
                .withDefaultValue("tokenvault.audit.max-inflight-batches", "1")
                .withDefaultValue("tokenvault.audit.max-batch", "1").build().getConfigMapping(TokenvaultConfig.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditWriter writer = new AuditWriter(new StuckRepository(), config, meters);
        // one batch in flight, three waiting: all pending
        for (int i = 0; i < 4; i++) {
            writer.record(AuditEvent.of("test")).subscribe().withSubscriber(UniAssertSubscriber.create()).assertNotTerminated();
        }
        writer.record(AuditEvent.of("test")).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(AuditWriter.AuditUnavailable.class);
        assertThat(meters.get("tokenvault.audit.rejected").counter().count()).isEqualTo(1);
        assertThat(meters.get("tokenvault.audit.queued").gauge().value()).isEqualTo(3);
    }
}
