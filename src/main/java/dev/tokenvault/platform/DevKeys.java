package dev.tokenvault.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Throwaway key material for the dev and test profiles only: generated once into a local folder (so a
 * restarted dev service can still open what it stored) and announced loudly. Prod never calls this; it
 * refuses to start instead (see {@link StartupGuard}).
 */
public final class DevKeys {

    private static final Logger LOG = Logger.getLogger(DevKeys.class);

    private DevKeys() {
    }

    /** Reads {@code name} from the dev key folder, creating it with {@code generator} when absent. */
    public static synchronized String loadOrCreate(String dir, String name, Supplier<String> generator) {
        Path file = Path.of(dir, name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            Files.createDirectories(file.getParent());
            String value = generator.get();
            Files.writeString(file, value, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.warnf("*** GENERATED THROWAWAY KEY '%s' in %s — for dev and test only; set real keys in prod ***",
                    name, file.toAbsolutePath().getParent());
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep dev keys in " + dir, e);
        }
    }
}
