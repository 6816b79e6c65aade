package dev.tokenvault.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The keys the service derives its HMACs from (audit fingerprints, CSRF tokens), and the owner of the
 * {@code service_keys} table. Each is 32 random bytes made once by whichever replica starts first, stored sealed
 * like any secret, and loaded at start-up: rotating the encryption key re-wraps them (they are a
 * {@link SealedTable}) but never changes them, so fingerprints taken before a rotation still match after it.
 */
@ApplicationScoped
public class ServiceKeys implements SealedTable {

    public static final String TABLE = "service_keys";
    /** The purposes, each its own key. */
    public static final String FINGERPRINTS = "audit-fingerprints";
    public static final String CSRF = "csrf-tokens";
    static final List<String> PURPOSES = List.of(FINGERPRINTS, CSRF);

    private final Pool pool;
    private final Sealer sealer;
    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public ServiceKeys(Pool pool, Sealer sealer, Keyring keyring) {
        this.pool = pool;
        this.sealer = sealer;
        this.keyring = keyring;
    }

    /** The key for a purpose (loaded at start-up). */
    public byte[] key(String purpose) {
        byte[] key = loaded.get(purpose);
        if (key == null) {
            throw new IllegalStateException("service key '" + purpose + "' is not loaded");
        }
        return key;
    }

    /** Makes the keys that do not exist yet and loads them all, before the service takes requests. */
    void loadAtStartup(@Observes @Priority(10) StartupEvent event) {
        for (String purpose : PURPOSES) {
            loaded.put(purpose, ensure(purpose).await().atMost(Duration.ofSeconds(30)));
        }
    }

    private Uni<byte[]> ensure(String purpose) {
        UUID id = UUID.randomUUID();
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        byte[] sealed = sealer.seal(fresh, SealedField.of(TABLE, id, "key_value"));
        return pool.preparedQuery("""
                INSERT INTO service_keys (purpose, id, key_value, key_id, created_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (purpose) DO NOTHING""")
                .execute(Tuple.of(purpose, id, Buffer.buffer(sealed), keyring.primaryId(),
                        OffsetDateTime.now(ZoneOffset.UTC)))
                .flatMap(ignored -> pool.preparedQuery("SELECT id, key_value FROM service_keys WHERE purpose = $1")
                        .execute(Tuple.of(purpose)))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return sealer.open(row.getBuffer("key_value").getBytes(),
                            SealedField.of(TABLE, row.getUUID("id"), "key_value"));
                });
    }

    // ------------------------------------------------------------------------------------- key rotation

    @Override
    public String name() {
        return TABLE;
    }

    @Override
    public Uni<Map<String, Long>> rowsPerKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM service_keys GROUP BY key_id").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
            return counts;
        });
    }

    @Override
    public Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit) {
        return pool.preparedQuery("SELECT id, key_id, key_value FROM service_keys WHERE key_id <> $1 AND id > $2 "
                + "ORDER BY id LIMIT $3").execute(Tuple.of(keyId, after, limit)).map(rows -> {
                    List<SealedRow> sealed = new ArrayList<>();
                    rows.forEach(row -> sealed.add(new SealedRow(row.getUUID("id"), row.getString("key_id"), 0,
                            Map.of("key_value", row.getBuffer("key_value").getBytes()))));
                    return sealed;
                });
    }

    @Override
    public Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId) {
        return pool.preparedQuery("UPDATE service_keys SET key_id = $3, key_value = $4 WHERE id = $1 AND key_id = $2")
                .execute(Tuple.of(row.id(), row.keyId(), keyId, Buffer.buffer(resealed.get("key_value"))))
                .map(result -> result.rowCount() == 1);
    }
}
