package dev.tokenvault.bench;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.SealedField;
import dev.tokenvault.crypto.Sealer;

/** AES-256-GCM sealing and opening of a secret of 1 KB and 2 KB, with associated data. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SealerBenchmark {

    @Param({ "1024", "2048" })
    int size;

    Sealer sealer;
    SealedField field;
    byte[] plaintext;
    byte[] sealed;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        sealer = new Sealer(new KeyringAccess(key).keyring());
        field = SealedField.of("connections", UUID.randomUUID(), "access_token");
        plaintext = new byte[size];
        new SecureRandom().nextBytes(plaintext);
        sealed = sealer.seal(plaintext, field);
    }

    @Benchmark
    public byte[] seal() {
        return sealer.seal(plaintext, field);
    }

    @Benchmark
    public byte[] open() {
        return sealer.open(sealed, field);
    }

    /** Builds a keyring from raw key bytes through its public configuration format. */
    record KeyringAccess(byte[] key) {
        Keyring keyring() {
            return dev.tokenvault.crypto.KeyringFactory.of("bench:" + Base64.getEncoder().encodeToString(key));
        }
    }
}
