package dev.tokenvault.crypto;

import java.util.UUID;

/**
 * Where a sealed value lives: table, row and column. It becomes part of the associated data, so a
 * ciphertext copied to another row or column fails to open.
 */
public record SealedField(String table, UUID rowId, String column) {

    public static SealedField of(String table, UUID rowId, String column) {
        return new SealedField(table, rowId, column);
    }
}
