package dev.tokenvault.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenvault.client.JsonTrees;

/**
 * The stored logins, {@code credentials.json} in the config directory (mode 0600): one session per service URL,
 * {@code {"sessions": {"<url>": {"username", "access_token", "expires_at"}}}}.
 */
final class CredentialStore {

    static final String FILE = "credentials.json";

    /** A stored login. */
    record Session(String username, String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[" + username + ", redacted, " + expiresAt + "]";
        }
    }

    private final Path file;

    CredentialStore(Path configDirectory) {
        this.file = configDirectory.resolve(FILE);
    }

    Path file() {
        return file;
    }

    Session find(String url) {
        JsonNode session = read().path("sessions").get(url);
        if (session == null || !session.isObject() || !session.hasNonNull("access_token")) {
            return null;
        }
        String expires = session.path("expires_at").asText(null);
        return new Session(session.path("username").asText(null), session.get("access_token").asText(),
                expires == null ? null : Instant.parse(expires));
    }

    void save(String url, Session session) {
        ObjectNode root = read();
        ObjectNode sessions = root.has("sessions") && root.get("sessions").isObject() ? (ObjectNode) root.get("sessions")
                : root.putObject("sessions");
        ObjectNode entry = sessions.putObject(url);
        entry.put("username", session.username());
        entry.put("access_token", session.accessToken());
        if (session.expiresAt() != null) {
            entry.put("expires_at", session.expiresAt().toString());
        }
        write(root);
    }

    /** Forgets the login to {@code url}; whether there was one. */
    boolean remove(String url) {
        ObjectNode root = read();
        JsonNode sessions = root.get("sessions");
        if (sessions instanceof ObjectNode s && s.remove(url) != null) {
            write(root);
            return true;
        }
        return false;
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode root = JsonTrees.parse(file.toFile());
            return root instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): remove it and sign in again with tokenvault login");
        }
    }

    private void write(ObjectNode root) {
        try {
            SecretFiles.write(file, JsonTrees.pretty(root) + "\n");
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
