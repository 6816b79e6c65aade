package dev.tokenvault.connect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.tokenvault.crypto.SealedTable;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code connect_flows}: every statement on the table is here. */
@ApplicationScoped
public class ConnectFlowRepository implements PanacheRepositoryBase<ConnectFlow, UUID>, SealedTable {

    private final Pool pool;

    public ConnectFlowRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a started flow, forgetting those that expired long before {@code forgetBefore}. */
    @WithTransaction
    public Uni<ConnectFlow> start(ConnectFlow flow, Instant forgetBefore) {
        return delete("expiresAt < ?1", forgetBefore).flatMap(ignored -> persist(flow));
    }

    /**
     * Uses a flow once: looks it up under a row lock (two callbacks cannot both have it), lets {@code check}
     * refuse it (then it stays, for the browser it belongs to), and deletes it. Null when there is none.
     */
    @WithTransaction
    public Uni<ConnectFlow> take(String stateHash, Consumer<ConnectFlow> check) {
        return find("stateHash", stateHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .call(flow -> {
                    if (flow == null) {
                        return Uni.createFrom().nullItem();
                    }
                    check.accept(flow);
                    return delete(flow);
                });
    }

    // ------------------------------------------------------------------------------------- key rotation
    // One raw statement per row with a compare-and-swap on the key id (a flow is short-lived, but rotation must
    // leave no row sealed under a key that is about to be removed).

    @Override
    public String name() {
        return ConnectFlow.TABLE;
    }

    @Override
    public Uni<Map<String, Long>> rowsPerKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM connect_flows GROUP BY key_id").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
            return counts;
        });
    }

    @Override
    public Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit) {
        return pool.preparedQuery("SELECT id, key_id, code_verifier FROM connect_flows WHERE key_id <> $1 AND id > $2 "
                + "ORDER BY id LIMIT $3").execute(Tuple.of(keyId, after, limit)).map(rows -> {
                    List<SealedRow> sealed = new ArrayList<>();
                    rows.forEach(row -> sealed.add(new SealedRow(row.getUUID("id"), row.getString("key_id"), 0,
                            Map.of("code_verifier", row.getBuffer("code_verifier").getBytes()))));
                    return sealed;
                });
    }

    @Override
    public Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId) {
        return pool.preparedQuery("UPDATE connect_flows SET key_id = $3, code_verifier = $4 WHERE id = $1 AND key_id = $2")
                .execute(Tuple.of(row.id(), row.keyId(), keyId, Buffer.buffer(resealed.get("code_verifier"))))
                .map(result -> result.rowCount() == 1);
    }
}
