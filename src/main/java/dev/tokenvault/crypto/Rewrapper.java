package dev.tokenvault.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Re-encrypts stored secrets under the primary key, online: rows are read in small batches in id order and
 * each one is written back with a compare-and-swap on its old key id (and, for connections, its version),
 * so a concurrent refresh or update is never overwritten. Rows already under the primary key are skipped,
 * which makes the operation resumable: running it again continues where it stopped.
 */
@ApplicationScoped
public class Rewrapper {

    private static final Logger LOG = Logger.getLogger(Rewrapper.class);
    static final int BATCH = 100;

    /** A table with sealed columns. */
    record SealedTable(String name, List<String> columns, boolean versioned) {
    }

    static final List<SealedTable> TABLES = List.of(
            new SealedTable("connections", List.of("access_token", "refresh_token"), true),
            new SealedTable("providers", List.of("client_secret"), false));

    private final Pool pool;
    private final Sealer sealer;
    private final Keyring keyring;

    public Rewrapper(Pool pool, Sealer sealer, Keyring keyring) {
        this.pool = pool;
        this.sealer = sealer;
        this.keyring = keyring;
    }

    public record KeyUsage(String id, boolean primary, boolean configured, Map<String, Long> rows) {
    }

    public record Result(String primary, Map<String, Long> rewrapped, long failed) {
    }

    /** Rows per key id and table, including key ids that are no longer configured. */
    public Uni<List<KeyUsage>> usage() {
        return Multi.createFrom().iterable(TABLES)
                .onItem().transformToUniAndConcatenate(t -> pool
                        .query("SELECT key_id, count(*) AS n FROM " + t.name() + " GROUP BY key_id").execute()
                        .map(rows -> Map.entry(t.name(), rows)))
                .collect().asList()
                .map(results -> {
                    Map<String, Map<String, Long>> byKey = new LinkedHashMap<>();
                    keyring.ids().forEach(id -> byKey.put(id, emptyCounts()));
                    results.forEach(entry -> entry.getValue().forEach(row -> byKey
                            .computeIfAbsent(row.getString("key_id"), k -> emptyCounts())
                            .put(entry.getKey(), row.getLong("n"))));
                    List<KeyUsage> usage = new ArrayList<>();
                    byKey.forEach((id, rows) -> usage.add(new KeyUsage(id, id.equals(keyring.primaryId()),
                            keyring.find(id).isPresent(), rows)));
                    return usage;
                });
    }

    public Uni<Result> rewrapAll() {
        Map<String, Long> done = new LinkedHashMap<>();
        long[] failed = { 0 };
        return Multi.createFrom().iterable(TABLES)
                .onItem().transformToUniAndConcatenate(t -> rewrapTable(t, new UUID(0, 0), 0, failed)
                        .invoke(n -> done.put(t.name(), n)))
                .collect().last()
                .map(ignored -> new Result(keyring.primaryId(), done, failed[0]));
    }

    private Uni<Long> rewrapTable(SealedTable table, UUID after, long soFar, long[] failed) {
        String select = "SELECT id, key_id" + (table.versioned() ? ", version" : "") + ", "
                + String.join(", ", table.columns()) + " FROM " + table.name()
                + " WHERE key_id <> $1 AND id > $2 ORDER BY id LIMIT " + BATCH;
        return pool.preparedQuery(select).execute(Tuple.of(keyring.primaryId(), after))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(soFar);
                    }
                    UUID last = batch.get(batch.size() - 1).getUUID("id");
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(row -> rewrapRow(table, row, failed))
                            .collect().asList()
                            .flatMap(written -> rewrapTable(table, last,
                                    soFar + written.stream().mapToLong(Long::longValue).sum(), failed));
                });
    }

    private Uni<Long> rewrapRow(SealedTable table, Row row, long[] failed) {
        UUID id = row.getUUID("id");
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.add(row.getString("key_id"));
        params.add(keyring.primaryId());
        StringBuilder update = new StringBuilder("UPDATE " + table.name() + " SET key_id = $3");
        try {
            for (String column : table.columns()) {
                byte[] sealed = row.getBuffer(column) == null ? null : row.getBuffer(column).getBytes();
                params.add(sealed == null ? null : io.vertx.core.buffer.Buffer.buffer(
                        sealer.rewrap(sealed, SealedField.of(table.name(), id, column))));
                update.append(", ").append(column).append(" = $").append(params.size());
            }
        } catch (SealingException e) {
            LOG.warnf("cannot rewrap %s row %s: %s", table.name(), id, e.getMessage());
            failed[0]++;
            return Uni.createFrom().item(0L);
        }
        update.append(table.versioned() ? ", version = version + 1" : "");
        update.append(" WHERE id = $1 AND key_id = $2");
        if (table.versioned()) {
            params.add(row.getLong("version"));
            update.append(" AND version = $").append(params.size());
        }
        return pool.preparedQuery(update.toString()).execute(Tuple.from(params))
                .map(result -> (long) result.rowCount());
    }

    private static Map<String, Long> emptyCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t.name(), 0L));
        return counts;
    }
}
