package dev.tokenvault.connection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Sealer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Gives every stored token its fingerprint: connections stored before fingerprints existed, or written by a replica
 * of an older version during a rolling upgrade, are found by a leaked token once this has run. Runs shortly after
 * start and then every {@code tokenvault.leaks.backfill-every}; a row that changed meanwhile is left to the writer,
 * which fingerprints what it writes.
 */
@ApplicationScoped
public class FingerprintBackfill {

    private static final Logger LOG = Logger.getLogger(FingerprintBackfill.class);
    static final int BATCH = 200;

    private final ConnectionStore store;
    private final Sealer sealer;
    private final Fingerprinter fingerprinter;

    public FingerprintBackfill(ConnectionStore store, Sealer sealer, Fingerprinter fingerprinter) {
        this.store = store;
        this.sealer = sealer;
        this.fingerprinter = fingerprinter;
    }

    @Scheduled(every = "${tokenvault.leaks.backfill-every:1h}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(n -> {
            if (n > 0) {
                LOG.infof("fingerprinted the tokens of %d connections", n);
            }
        }).onFailure().invoke(e -> LOG.warnf("fingerprint backfill failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Fingerprints every connection that lacks them; answers how many rows were written. */
    public Uni<Integer> run() {
        return store.withoutFingerprints(BATCH).flatMap(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                : fingerprint(batch).flatMap(written -> written == 0 ? Uni.createFrom().item(0)
                        : run().map(more -> written + more)));
    }

    private Uni<Integer> fingerprint(List<Connection> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(c -> store.recordFingerprints(c.id, c.version,
                        fingerprinter.fingerprint(sealer.openString(c.accessToken, c.accessTokenField())),
                        c.refreshToken == null ? null
                                : fingerprinter.fingerprint(sealer.openString(c.refreshToken, c.refreshTokenField()))))
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }
}
