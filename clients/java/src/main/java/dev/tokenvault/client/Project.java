package dev.tokenvault.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A project (namespace of connections, keys and bindings) with the caller's role in it. */
public record Project(String id, String name, String displayName, boolean personal, String role, Instant createdAt,
        JsonNode json) {

    static Project of(JsonNode n) {
        return new Project(Json.text(n, "id"), Json.text(n, "name"), Json.text(n, "display_name"),
                Json.bool(n, "personal"), Json.text(n, "role"), Json.instant(n, "created_at"), n);
    }

    @Override
    public String toString() {
        return "Project[" + name + "]";
    }
}
