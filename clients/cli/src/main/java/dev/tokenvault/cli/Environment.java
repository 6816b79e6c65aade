package dev.tokenvault.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything the CLI reads from or writes to outside its arguments: environment variables, the working directory,
 * standard streams and the terminal. The tests run the CLI in-process with one of their own, so nothing touches the
 * real home directory or environment.
 *
 * @param inheritIo whether a command run by {@code exec} gets this process's own standard streams (the real CLI);
 *        otherwise its output is copied to {@code out} and {@code err}
 */
record Environment(Map<String, String> variables, Path workingDirectory, InputStream stdin, PrintWriter out,
        PrintWriter err, Prompt prompt, boolean inheritIo, Clock clock) {

    static Environment system() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(), System.in,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), Prompt.console(),
                true, Clock.systemUTC());
    }

    /** A variable, or null when unset or blank. */
    String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Where the stored login lives: {@code TOKENVAULT_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/tokenvault}, else
     * {@code ~/.config/tokenvault}.
     */
    Path configDirectory() {
        String dir = get("TOKENVAULT_CONFIG_DIR");
        if (dir != null) {
            return Path.of(dir);
        }
        String xdg = get("XDG_CONFIG_HOME");
        if (xdg != null) {
            return Path.of(xdg, "tokenvault");
        }
        String home = get("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"), ".config", "tokenvault");
    }
}
