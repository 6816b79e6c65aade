package dev.tokenvault.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code package}: every file the Dockerfiles copy into an image exists in the build output, so a
 * change of packaging cannot silently produce an image without the application. The images themselves are
 * built by the GitHub workflow (no Docker engine here).
 */
class DockerfilesIT {

    private static final Path DOCKER = Path.of("src", "main", "docker");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    @Test
    void jvmImageCopiesTheFastJarThatPackageBuilt() throws IOException {
        // a native build (-Dnative) packages the runner instead of the fast-jar; the JVM job checks the jar
        Assumptions.assumeFalse(Files.isExecutable(Path.of(System.getProperty("native.image.path", "target/none-runner")))
                && !Files.exists(Path.of("target/quarkus-app")), "native build: no fast-jar to check");
        List<String> sources = copySources("Dockerfile.jvm");
        assertThat(sources).containsExactly("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/");
        for (String source : sources) {
            assertThat(matches(source)).as(source).isNotEmpty();
        }
        assertThat(matches("target/quarkus-app/*.jar")).extracting(p -> p.getFileName().toString()).contains("quarkus-run.jar");
        assertThat(Path.of("target/quarkus-app/lib/main")).isDirectory();
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm"))).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
    }

    @Test
    void nativeImagesCopyTheRunnerThatNativePackagingProduces() throws IOException {
        // `./mvnw package -Dnative` writes target/<finalName>-runner; the file exists only after a native build
        String runner = "target/" + finalName() + "-runner";
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:target/*-runner");
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            assertThat(copySources(dockerfile)).as(dockerfile).containsExactly("target/*-runner");
            assertThat(glob.matches(Path.of(runner))).as(runner).isTrue();
        }
        // failsafe is told where the native build puts the runner (pom.xml, native.image.path): the same file
        String configured = System.getProperty("native.image.path");
        if (configured != null) {
            assertThat(Path.of(configured).toAbsolutePath()).isEqualTo(Path.of(runner).toAbsolutePath());
            if (Files.exists(Path.of(configured))) {
                assertThat(Path.of(configured)).isExecutable();
            }
        }
    }

    @Test
    void imagesRunAsNonRootOnPinnedBaseImages() throws IOException {
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro")) {
            String text = Files.readString(DOCKER.resolve(dockerfile));
            Matcher from = FROM.matcher(text);
            assertThat(from.find()).as(dockerfile).isTrue();
            assertThat(from.group(1)).as(dockerfile + " pins a version").matches(".+:[0-9][0-9.\\-]*(@sha256:[0-9a-f]{64})?");
            Matcher user = USER.matcher(text);
            String last = null;
            while (user.find()) {
                last = user.group(1);
            }
            assertThat(last).as(dockerfile + " runs as a numeric non-root user").matches("[1-9][0-9]*");
        }
    }

    /** The source paths of every {@code COPY} (the last argument is the destination; flags are skipped). */
    private static List<String> copySources(String dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKER.resolve(dockerfile))) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            List<String> args = new ArrayList<>(Arrays.stream(line.substring(5).trim().split("\\s+"))
                    .filter(a -> !a.startsWith("--")).toList());
            assertThat(args).as(line).hasSizeGreaterThanOrEqualTo(2);
            sources.addAll(args.subList(0, args.size() - 1));
        }
        return sources;
    }

    private static List<Path> matches(String source) throws IOException {
        if (!source.contains("*")) {
            return Files.exists(Path.of(source)) ? List.of(Path.of(source)) : List.of();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + source);
        Path dir = Path.of(source.substring(0, source.lastIndexOf('/')));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(glob::matches).toList();
        }
    }

    private static String finalName() throws IOException {
        // ${project.build.finalName} = artifactId-version, as recorded by the jar packaging
        java.util.Properties pom = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("target", "maven-archiver", "pom.properties"))) {
            pom.load(in);
        }
        return pom.getProperty("artifactId") + "-" + pom.getProperty("version");
    }
}
