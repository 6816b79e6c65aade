package dev.tokenvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tools from the npm registry that the tests run with Node, each pinned by the lock file in its folder under
 * {@code src/test/} (the webhook receiver's {@code standardwebhooks}, the OpenAPI validator's {@code @redocly/cli}).
 * The folder is copied to {@code target/<name>} and installed there with {@code npm ci}, once per lock file. Node and
 * npm are prerequisites of the test suite ({@code .ci/run} installs them when they are missing).
 */
public final class NodePackages {

    private static final String INSTALLED = "node_modules/.tokenvault-installed-lock.json";

    private NodePackages() {
    }

    /** {@code target/<name>}, holding the files of {@code src/test/<name>} and their installed packages. */
    public static synchronized Path install(String name) {
        try {
            Path source = Path.of("src/test", name);
            Path dir = Files.createDirectories(Path.of("target", name));
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path lock = dir.resolve("package-lock.json");
            Path installed = dir.resolve(INSTALLED);
            if (!Files.exists(installed) || Files.mismatch(lock, installed) != -1) {
                run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "npm-install.log",
                        "npm ci of src/test/" + name + " failed");
                Files.copy(lock, installed, StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("the tests need Node.js and npm (apt-get install nodejs npm)", e);
        }
    }

    private static void run(Path dir, List<String> command, String log, String failure) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(failure + " (timed out): see " + dir.resolve(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(failure + ": see " + dir.resolve(log));
        }
    }
}
