package dev.tokenvault.connection;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tokenvault.platform.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * The connections a binding or an API key may read: a non-empty list of ids that must all be connections of
 * one owner. A missing id and another user's id give the same answer. Stored space-separated.
 */
public record BoundConnections(UUID owner, Set<UUID> ids) {

    static final int MAX = 100;
    static final String FIELD = "connection_ids";

    public static BoundConnections parse(UUID owner, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiException.invalidRequest("field '" + FIELD + "' must name at least one connection");
        }
        if (ids.size() > MAX) {
            throw ApiException.invalidRequest("field '" + FIELD + "' may name at most " + MAX + " connections");
        }
        Set<UUID> parsed = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                parsed.add(UUID.fromString(id));
            } catch (RuntimeException e) {
                throw ApiException.invalidRequest("field '" + FIELD + "' must hold connection ids");
            }
        }
        return new BoundConnections(owner, parsed);
    }

    /** Fails with {@code 400} unless every id is a connection of the owner. */
    public Uni<BoundConnections> verify(ConnectionStore connections) {
        return connections.countOwned(owner, ids).map(count -> {
            if (count != ids.size()) {
                throw ApiException.invalidRequest("field '" + FIELD + "' names a connection that does not exist");
            }
            return this;
        });
    }

    /** Space-separated, as stored. */
    public String joined() {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(" "));
    }

    /** The ids of a stored, space-separated list. */
    public static List<String> split(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.trim().split("\\s+"));
    }
}
