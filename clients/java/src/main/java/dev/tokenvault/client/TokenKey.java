package dev.tokenvault.client;

import java.util.Objects;

/**
 * Which connection's token: by its id ({@link #connection(String)}), or by the application's own key — project,
 * provider and subject ({@link #of(String, String, String)}). Cached tokens and in-flight requests are kept per key.
 */
public sealed interface TokenKey permits TokenKey.ById, TokenKey.ByName {

    /** The connection with this id. */
    static TokenKey connection(String connectionId) {
        return new ById(connectionId);
    }

    /**
     * The connection {@code (project, provider, subject)}; the project by name or id. {@code subject} may be null: then
     * the project's only connection to the provider.
     */
    static TokenKey of(String project, String provider, String subject) {
        return new ByName(project, provider, subject);
    }

    /** The path (and query) of the token endpoint for this key, without {@code min_ttl} and {@code force_refresh}. */
    String tokenPath();

    /** The path (and query) of the status endpoint for this key. */
    String statusPath();

    record ById(String connectionId) implements TokenKey {
        public ById {
            Objects.requireNonNull(connectionId, "connectionId");
            if (connectionId.isBlank()) {
                throw new IllegalArgumentException("connectionId is blank");
            }
        }

        @Override
        public String tokenPath() {
            return "/v1/connections/" + Http.segment(connectionId) + "/token";
        }

        @Override
        public String statusPath() {
            return "/v1/connections/" + Http.segment(connectionId) + "/status";
        }

        @Override
        public String toString() {
            return "connection " + connectionId;
        }
    }

    record ByName(String project, String provider, String subject) implements TokenKey {
        public ByName {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(provider, "provider");
            if (project.isBlank() || provider.isBlank()) {
                throw new IllegalArgumentException("project and provider must not be blank");
            }
            if (subject != null && subject.isBlank()) {
                subject = null;
            }
        }

        @Override
        public String tokenPath() {
            return "/v1/projects/" + Http.segment(project) + "/tokens/" + Http.segment(provider)
                    + (subject == null ? "" : "?subject=" + Http.query(subject));
        }

        @Override
        public String statusPath() {
            return "/v1/projects/" + Http.segment(project) + "/status/" + Http.segment(provider)
                    + (subject == null ? "" : "?subject=" + Http.query(subject));
        }

        @Override
        public String toString() {
            return project + ": " + provider + (subject == null ? "" : "/" + subject);
        }
    }
}
