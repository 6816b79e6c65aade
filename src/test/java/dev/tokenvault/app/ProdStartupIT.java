package dev.tokenvault.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tokenvault.PostgresTestResource;

/**
 * The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}, or the native executable
 * after {@code -Dnative}; prod profile) refuses to
 * start without its keys, with one log line naming the missing setting. Runs as its own process with the
 * key settings removed from the environment, against a real database so that only the keys are missing.
 */
class ProdStartupIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Set by failsafe (pom.xml); the file exists after {@code ./mvnw verify -Dnative}. */
    private static final Path NATIVE = Path.of(System.getProperty("native.image.path", "target/none-runner"));
    private static final PostgresTestResource DATABASE = new PostgresTestResource();
    private static Map<String, String> datasource;

    @BeforeAll
    static void database() {
        datasource = DATABASE.start();
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.stop();
    }

    @Test
    void refusesToStartWithoutEncryptionKeys() throws Exception {
        Launch launch = launch(Map.of());

        assertThat(launch.exitCode).isNotZero();
        assertThat(launch.linesContaining("tokenvault cannot start")).containsExactly(
                "tokenvault cannot start: TOKENVAULT_ENCRYPTION_KEYS is not set");
    }

    @Test
    void refusesToStartWithoutJwtSigningKey() throws Exception {
        Launch launch = launch(Map.of("TOKENVAULT_ENCRYPTION_KEYS", "k1:" + "A".repeat(43) + "="));

        assertThat(launch.exitCode).isNotZero();
        assertThat(launch.linesContaining("tokenvault cannot start")).singleElement().asString()
                .startsWith("tokenvault cannot start: SMALLRYE_JWT_SIGN_KEY_LOCATION is not set");
        assertThat(launch.output).doesNotContain("A".repeat(43));
    }

    @Test
    void refusesToStartWithABrokenCatalogEntry() throws Exception {
        Path dir = Files.createTempDirectory("tokenvault-catalog-it");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        Path privatePem = Files.writeString(dir.resolve("jwt-private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"version": 1, "providers": [{"id": "acme", "display_name": "Acme", "kind": "oauth2",
                  "authorize_url": "https://acme.example/authorize", "token_url": "http://acme.example/token",
                  "auth_method": "client_secret_basic", "docs_url": "https://acme.example/docs"}]}""");
        try {
            Launch launch = launch(Map.of("TOKENVAULT_ENCRYPTION_KEYS", "k1:" + "A".repeat(43) + "=",
                    "SMALLRYE_JWT_SIGN_KEY_LOCATION", privatePem.toString(), "TOKENVAULT_CATALOG_FILE", catalog.toString()));

            assertThat(launch.exitCode).isNotZero();
            assertThat(launch.linesContaining("tokenvault cannot start")).containsExactly("tokenvault cannot start: "
                    + catalog + ": catalog entry 'acme': field 'token_url' must be an https URL");
        } finally {
            Files.deleteIfExists(privatePem);
            Files.deleteIfExists(catalog);
            Files.deleteIfExists(dir);
        }
    }

    private record Launch(int exitCode, String output) {
        List<String> linesContaining(String text) {
            return output.lines().filter(l -> l.contains(text))
                    .map(l -> l.substring(l.indexOf(text))).toList();
        }
    }

    private static Launch launch(Map<String, String> env) throws IOException, InterruptedException {
        // the native binary when a native build made it (the newer one if both exist), else the fast-jar
        boolean nativeBuild = Files.isExecutable(NATIVE)
                && (!Files.exists(JAR) || Files.getLastModifiedTime(NATIVE).compareTo(Files.getLastModifiedTime(JAR)) > 0);
        assertThat(nativeBuild || Files.exists(JAR)).as("run after `package`").isTrue();
        List<String> command = new ArrayList<>();
        command.add(nativeBuild ? NATIVE.toAbsolutePath().toString() : ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-Dquarkus.log.file.enabled=false"));
        datasource.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!nativeBuild) {
            command.addAll(List.of("-jar", JAR.toString()));
        }
        Path output = Files.createTempFile("tokenvault-prod-startup", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TOKENVAULT_") || name.startsWith("SMALLRYE_JWT")
                || name.startsWith("MP_JWT") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("the application started (or hung) without its keys");
            }
            return new Launch(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
