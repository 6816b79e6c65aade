package dev.tokenvault.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenvault.client.JsonTrees;

/**
 * {@code tokenvault.json} in the working directory or a parent: the service's URL, the project, and named tokens,
 * meant to be committed with the code that uses them. It never holds a secret: a value that looks like one (an API
 * key, a JWT) is refused.
 *
 * <pre>{@code
 * {"url": "https://vault.example.com", "project": "acme-books",
 *  "tokens": {"gh": "github", "qbo": "quickbooks/company-42", "deploy": {"connection": "7f1c9a52-..."}}}
 * }</pre>
 */
record ProjectFile(Path path, String url, String project, Map<String, TokenSpec> tokens) {

    static final String NAME = "tokenvault.json";
    private static final Set<String> FIELDS = Set.of("$schema", "url", "project", "tokens");

    /** The nearest tokenvault.json from {@code dir} upwards, or null when there is none. */
    static ProjectFile find(Path dir) {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(NAME);
            if (Files.isRegularFile(candidate)) {
                return read(candidate);
            }
        }
        return null;
    }

    static ProjectFile read(Path file) {
        JsonNode root;
        try {
            root = JsonTrees.parse(file.toFile());
        } catch (IOException e) {
            throw new CliException(Cli.USAGE, file + " is not valid JSON: fix it or remove it");
        }
        if (root == null || !root.isObject()) {
            throw new CliException(Cli.USAGE, file + " must hold a JSON object ({\"url\": ..., \"project\": ...})");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new CliException(Cli.USAGE, file + ": unknown field '" + name + "' (known: url, project, tokens)"
                        + (looksSecretName(name) ? "; this file is committed, so it never holds a secret: use "
                                + "TOKENVAULT_API_KEY or tokenvault login" : ""));
            }
        }
        refuseSecrets(file, root, "");
        Map<String, TokenSpec> tokens = new LinkedHashMap<>();
        JsonNode named = root.get("tokens");
        if (named != null && !named.isNull()) {
            if (!named.isObject()) {
                throw new CliException(Cli.USAGE, file + ": 'tokens' must map names to \"provider[/subject]\"");
            }
            named.properties().forEach(e -> tokens.put(e.getKey(), spec(file, e.getKey(), e.getValue())));
        }
        return new ProjectFile(file, text(root, "url"), text(root, "project"), Map.copyOf(tokens));
    }

    private static TokenSpec spec(Path file, String name, JsonNode value) {
        if (value.isTextual()) {
            return TokenSpec.parse(value.asText());
        }
        if (value.isObject()) {
            String connection = text(value, "connection");
            if (connection != null) {
                return TokenSpec.connection(connection);
            }
            String provider = text(value, "provider");
            if (provider != null) {
                return new TokenSpec(null, text(value, "project"), provider, text(value, "subject"));
            }
        }
        throw new CliException(Cli.USAGE, file + ": token '" + name + "' must be \"provider[/subject]\", "
                + "{\"provider\", \"subject\", \"project\"} or {\"connection\": \"<id>\"}");
    }

    private static void refuseSecrets(Path file, JsonNode node, String at) {
        if (node.isTextual()) {
            String v = node.asText();
            if (v.startsWith("tvk_") || v.startsWith("eyJ") || v.startsWith("tvtest-")) {
                throw new CliException(Cli.USAGE, file + " holds what looks like a secret at " + (at.isEmpty() ? "/" : at)
                        + ": this file is committed, so it never holds one; give the API key in TOKENVAULT_API_KEY "
                        + "or sign in with tokenvault login");
            }
        } else if (node.isContainerNode()) {
            node.properties().forEach(e -> refuseSecrets(file, e.getValue(), at + "/" + e.getKey()));
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    refuseSecrets(file, node.get(i), at + "/" + i);
                }
            }
        }
    }

    private static boolean looksSecretName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("key") || n.contains("token") || n.contains("secret") || n.contains("password");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
