package dev.tokenvault.platform;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs of version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by them are appended
 * at the right end of their primary-key index instead of at a random page, which keeps inserts into a large,
 * append-mostly table (the audit log) cheap. For identifiers only: the random bits are not secret.
 */
public final class TimeOrderedUuid {

    private TimeOrderedUuid() {
    }

    public static UUID at(Instant time) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = time.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
