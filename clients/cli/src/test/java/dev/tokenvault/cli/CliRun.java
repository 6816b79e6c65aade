package dev.tokenvault.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the CLI in-process ({@code CommandLine.execute} through {@link Cli#run}) with an environment of the test's
 * own: its variables only (a temporary HOME and config directory, never the real ones), a working directory, and
 * standard input; standard output and error are captured. Results never print the captured output (it may hold
 * a token): tests compare digests.
 */
final class CliRun {

    final Path home;
    Path workingDirectory;
    final Map<String, String> variables = new HashMap<>();

    CliRun(Path temp) throws IOException {
        home = Files.createDirectories(temp.resolve("home"));
        workingDirectory = Files.createDirectories(temp.resolve("work"));
        variables.put("HOME", home.toString());
        variables.put("TOKENVAULT_CONFIG_DIR", home.resolve(".config/tokenvault").toString());
        variables.put("PATH", System.getenv("PATH"));
    }

    CliRun with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    CliRun without(String name) {
        variables.remove(name);
        return this;
    }

    /** What a run printed and returned. {@link #toString()} shows the status and the error stream only. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "Result[status=" + status + ", err=" + (err.contains("tvtest-") || err.contains("eyJ")
                    || err.contains("tvk_") ? "(withheld: holds a secret)" : err.strip()) + "]";
        }
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.copyOf(variables), workingDirectory,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true), null, false, Clock.systemUTC());
        int status = Cli.run(args, env);
        return new Result(status, out.toString(), err.toString());
    }

    /** Starts a run in a thread of its own (agent, connect --wait); {@code out} and {@code err} fill as it goes. */
    Background start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.copyOf(variables), workingDirectory,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), null,
                false, Clock.systemUTC());
        Background background = new Background(out, err);
        background.thread = new Thread(() -> background.status = Cli.run(args, env), "cli-" + args[0]);
        background.thread.start();
        return background;
    }

    static final class Background {
        final StringWriter out;
        final StringWriter err;
        Thread thread;
        volatile Integer status;

        Background(StringWriter out, StringWriter err) {
            this.out = out;
            this.err = err;
        }

        /** Stops the run (an agent sleeps until interrupted) and waits for it. */
        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
