package dev.tokenvault.crypto;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Re-encrypts stored secrets under the primary key, online: each {@link SealedTable} is read in small
 * batches in id order and each row is written back with a compare-and-swap on its old key id (and version),
 * so a concurrent refresh or update is never overwritten. Rows already under the primary key are skipped,
 * which makes the operation resumable: running it again continues where it stopped.
 */
@ApplicationScoped
public class Rewrapper {

    private static final Logger LOG = Logger.getLogger(Rewrapper.class);
    static final int BATCH = 100;

    private final List<SealedTable> tables;
    private final Sealer sealer;
    private final Keyring keyring;

    public Rewrapper(@Any Instance<SealedTable> tables, Sealer sealer, Keyring keyring) {
        this.tables = tables.stream().sorted(java.util.Comparator.comparing(SealedTable::name)).toList();
        this.sealer = sealer;
        this.keyring = keyring;
    }

    public record KeyUsage(String id, boolean primary, boolean configured, Map<String, Long> rows) {
    }

    @Schema(name = "RewrapResult")
    public record Result(String primary, Map<String, Long> rewrapped, long failed) {
    }

    /** What a table's rewrap came to. */
    private record Tally(long rewrapped, long failed) {
        Tally plus(Tally other) {
            return new Tally(rewrapped + other.rewrapped, failed + other.failed);
        }
    }

    /** Rows per key id and table, including key ids that are no longer configured. */
    public Uni<List<KeyUsage>> usage() {
        return Multi.createFrom().iterable(tables)
                .onItem().transformToUniAndConcatenate(t -> t.rowsPerKey().map(rows -> Map.entry(t.name(), rows)))
                .collect().asList()
                .map(this::byKey);
    }

    private List<KeyUsage> byKey(List<Map.Entry<String, Map<String, Long>>> perTable) {
        Map<String, Map<String, Long>> byKey = new LinkedHashMap<>();
        keyring.ids().forEach(id -> byKey.put(id, emptyCounts()));
        perTable.forEach(table -> table.getValue().forEach((keyId, n) -> byKey
                .computeIfAbsent(keyId, k -> emptyCounts()).put(table.getKey(), n)));
        return byKey.entrySet().stream().map(e -> new KeyUsage(e.getKey(), e.getKey().equals(keyring.primaryId()),
                keyring.find(e.getKey()).isPresent(), e.getValue())).toList();
    }

    public Uni<Result> rewrapAll() {
        Map<String, Long> done = new LinkedHashMap<>();
        return Multi.createFrom().iterable(tables)
                .onItem().transformToUniAndConcatenate(t -> rewrapTable(t, new UUID(0, 0), new Tally(0, 0))
                        .invoke(tally -> done.put(t.name(), tally.rewrapped())))
                .collect().asList()
                .map(tallies -> new Result(keyring.primaryId(), done,
                        tallies.stream().mapToLong(Tally::failed).sum()));
    }

    private Uni<Tally> rewrapTable(SealedTable table, UUID after, Tally soFar) {
        return table.sealedWithOtherKey(keyring.primaryId(), after, BATCH).flatMap(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(soFar);
            }
            UUID last = batch.get(batch.size() - 1).id();
            return Multi.createFrom().iterable(batch)
                    .onItem().transformToUniAndConcatenate(row -> rewrapRow(table, row))
                    .collect().asList()
                    .map(rows -> rows.stream().reduce(soFar, Tally::plus))
                    .flatMap(tally -> rewrapTable(table, last, tally));
        });
    }

    private Uni<Tally> rewrapRow(SealedTable table, SealedTable.SealedRow row) {
        Map<String, byte[]> resealed = new HashMap<>();
        try {
            row.columns().forEach((column, sealed) -> resealed.put(column,
                    sealed == null ? null : sealer.rewrap(sealed, SealedField.of(table.name(), row.id(), column))));
        } catch (SealingException e) {
            LOG.warnf("cannot rewrap %s row %s: %s", table.name(), row.id(), e.getMessage());
            return Uni.createFrom().item(new Tally(0, 1));
        }
        return table.replaceSealed(row, resealed, keyring.primaryId())
                .map(written -> new Tally(written ? 1 : 0, 0));
    }

    private Map<String, Long> emptyCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        tables.forEach(t -> counts.put(t.name(), 0L));
        return counts;
    }
}
