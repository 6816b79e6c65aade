package dev.tokenvault.client;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who the caller is ({@code GET /v1/me}): {@code kind} is {@code user}, {@code workload} or {@code api_key}; a machine
 * credential's {@code projects} is its one project.
 *
 * @param json the answer as tokenvault sent it
 */
public record Me(String subject, String username, String kind, List<String> roles, List<String> connections,
        List<ProjectRef> projects, JsonNode json) {

    /** A project the caller belongs to, with its role ({@code owner}, {@code member}, {@code viewer}; null for machines). */
    public record ProjectRef(String id, String name, String role) {
    }

    static Me of(JsonNode n) {
        return new Me(Json.text(n, "subject"), Json.text(n, "username"), Json.text(n, "kind"), Json.strings(n, "roles"),
                Json.strings(n, "connections"), Json.items(n, "projects").stream()
                        .map(p -> new ProjectRef(Json.text(p, "id"), Json.text(p, "name"), Json.text(p, "role")))
                        .toList(), n);
    }

    /** Whether this is a person signed in (not an API key or a workload). */
    public boolean isUser() {
        return "user".equals(kind);
    }

    @Override
    public String toString() {
        return "Me[" + kind + " " + (username != null ? username : subject) + "]";
    }
}
