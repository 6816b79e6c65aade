package dev.tokenvault.crypto;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * A table with sealed columns, as its owner exposes it to key rotation. Each owning class implements this
 * with its own statements (no other class writes its table); {@link Rewrapper} finds every implementation
 * and re-seals their rows under the primary key.
 */
public interface SealedTable {

    /** The table's name: part of every sealed value's associated data. */
    String name();

    /** How many rows each key id seals. */
    Uni<Map<String, Long>> rowsPerKey();

    /** Up to {@code limit} rows not sealed under {@code keyId}, with ids after {@code after}, in id order. */
    Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit);

    /**
     * Writes the re-sealed columns if the row is still as read (same key id and, where the table has one, the
     * same version); false when it changed meanwhile (its writer re-sealed it under the primary key anyway).
     */
    Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId);

    /** A row's sealed columns (a null value: the column is empty) and what the compare-and-swap needs. */
    record SealedRow(UUID id, String keyId, long version, Map<String, byte[]> columns) {
    }
}
