package dev.tokenvault.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    @Test
    void isVersion7WithTheRfcVariantAndTheTimeInItsFirst48Bits() {
        Instant at = Instant.parse("2026-11-23T18:00:00.123Z");
        UUID id = TimeOrderedUuid.at(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnesAsPostgresqlComparesUuids() {
        Instant at = Instant.parse("2026-11-23T18:00:00Z");
        UUID earlier = TimeOrderedUuid.at(at);
        UUID later = TimeOrderedUuid.at(at.plusMillis(1));
        // PostgreSQL orders uuid values by their bytes, unsigned: the string form compares the same way
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant at = Instant.now();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedUuid.at(at));
        }
        assertThat(ids).hasSize(10_000);
    }
}
