package dev.tokenvault.connection;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/**
 * What an API key or a binding may reach in its project: optionally only some providers and only some connections
 * (empty: every one). Named connections must be connections of the project: a missing id and one of another
 * project give the same answer. Stored space-separated (null for "every").
 */
public record ConnectionScope(UUID project, Set<String> providers, Set<UUID> ids) {

    static final int MAX = 100;

    public static ConnectionScope parse(UUID project, List<String> providers, List<String> ids) {
        return new ConnectionScope(project, checkedProviders(providers), checkedIds(ids));
    }

    private static Set<String> checkedProviders(List<String> providers) {
        if (providers == null) {
            return Set.of();
        }
        if (providers.isEmpty() || providers.size() > MAX) {
            throw ApiException.invalidRequest("field 'providers' must name 1 to " + MAX + " providers, or be left out");
        }
        Set<String> parsed = new LinkedHashSet<>();
        for (String name : providers) {
            Validation.required(name, "providers", 64);
            if (name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw ApiException.invalidRequest("field 'providers' holds a malformed provider name");
            }
            parsed.add(name);
        }
        return parsed;
    }

    private static Set<UUID> checkedIds(List<String> ids) {
        if (ids == null) {
            return Set.of();
        }
        if (ids.isEmpty() || ids.size() > MAX) {
            throw ApiException.invalidRequest("field 'connection_ids' must name 1 to " + MAX
                    + " connections, or be left out");
        }
        Set<UUID> parsed = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                parsed.add(UUID.fromString(id));
            } catch (RuntimeException e) {
                throw ApiException.invalidRequest("field 'connection_ids' must hold connection ids");
            }
        }
        return parsed;
    }

    /** Fails with {@code 400} unless every named id is a connection of the project. */
    public Uni<ConnectionScope> verify(ConnectionStore connections) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(this);
        }
        return connections.countInProject(project, ids).map(count -> {
            if (count != ids.size()) {
                throw ApiException.invalidRequest("field 'connection_ids' names a connection that is not in the project");
            }
            return this;
        });
    }

    /** The providers as stored: space-separated, null for every provider. */
    public String providersJoined() {
        return providers.isEmpty() ? null : String.join(" ", providers);
    }

    /** The ids as stored: space-separated, null for every connection. */
    public String idsJoined() {
        return ids.isEmpty() ? null : ids.stream().map(UUID::toString).collect(Collectors.joining(" "));
    }

    /** Stored providers read back. */
    public static Set<String> splitProviders(String stored) {
        return stored == null || stored.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(stored.trim().split("\\s+")));
    }

    /** Stored ids read back. */
    public static Set<UUID> splitIds(String stored) {
        return stored == null || stored.isBlank() ? Set.of()
                : Arrays.stream(stored.trim().split("\\s+")).map(UUID::fromString)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** For views: the ids as strings. */
    public static List<String> listed(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }
}
