package dev.tokenvault.cli;

import static dev.tokenvault.client.testing.Arrange.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tokenvault.client.testing.Arrange;

/** The real launcher script ({@code clients/cli/tokenvault}) and the packaged jar, as a person or a CI job runs them. */
class LauncherIT {

    static final Path LAUNCHER = Path.of(System.getProperty("tokenvault.cli.launcher", "tokenvault"));

    @TempDir
    Path temp;

    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "Run[" + status + ", err=" + (err.contains("tvtest-") ? "(withheld)" : err.strip()) + "]";
        }
    }

    Run launch(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HOME", temp.resolve("home").toString());
        builder.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
        builder.environment().putAll(env);
        Path out = temp.resolve("out-" + System.nanoTime());
        Path err = temp.resolve("err-" + System.nanoTime());
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void helpAndVersionThroughTheLauncher() throws Exception {
        Run help = launch(LAUNCHER, Map.of(), "--help");
        assertThat(help.status()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: tokenvault").contains("exec").contains("agent").contains("Exit status");
        Run execHelp = launch(LAUNCHER, Map.of(), "exec", "--help");
        assertThat(execHelp.out()).contains("Usage: tokenvault exec");
        assertThat(launch(LAUNCHER, Map.of(), "--version").out()).startsWith("tokenvault-cli 0.1.0");
        // the first start made the class-data archive the later ones use (and left no temporary file)
        try (var archives = Files.list(temp.resolve("cache/tokenvault"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(n -> assertThat(n).startsWith("cli-").endsWith(".jsa"));
        }
        assertThat(launch(LAUNCHER, Map.of(), "no-such-command").status()).isEqualTo(2);
    }

    @Test
    void execThroughTheLauncherKeepsTheTokenOutOfEveryCommandLine() throws Exception {
        Fixture f = Fixture.create(Map.of());
        String script = "printf %s \"$GH\" | sha256sum | cut -d' ' -f1 > gh.sha; "
                + "tr '\\0' ' ' < /proc/$PPID/cmdline > parent.txt; tr '\\0' ' ' < /proc/$$/cmdline > self.txt; exit 42";

        Run run = launch(LAUNCHER, Map.of("TOKENVAULT_URL", Arrange.url(), "TOKENVAULT_API_KEY", f.apiKey()),
                "exec", "--env", "GH=" + f.spec(), "--", "sh", "-c", script);

        assertThat(run.status()).as(run.toString()).isEqualTo(42);
        assertThat(Files.readString(temp.resolve("gh.sha")).strip()).isEqualTo(sha256(f.accessToken()));
        String parent = Files.readString(temp.resolve("parent.txt"), StandardCharsets.UTF_8);
        assertThat(parent).contains("tokenvault-cli.jar").contains("exec"); // the CLI's JVM started the command
        assertThat(parent.contains(f.accessToken()) || parent.contains(f.apiKey())).isFalse();
        assertThat(Files.readString(temp.resolve("self.txt")).contains(f.accessToken())).isFalse();
        assertThat(run.out().contains(f.accessToken()) || run.err().contains(f.accessToken())).isFalse();
        TokenCommandsTest.assertNoFileHolds(temp, f.accessToken());
    }

    @Test
    void withoutTheJarTheLauncherSaysHowToBuildIt() throws Exception {
        Path alone = Files.createDirectories(temp.resolve("bin")).resolve("tokenvault");
        Files.copy(LAUNCHER, alone);
        alone.toFile().setExecutable(true);
        Run run = launch(alone, Map.of(), "--help");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("tokenvault-cli.jar not found").contains("./mvnw -f clients/pom.xml package");
    }
}
