package dev.tokenvault.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.Connection;
import io.smallrye.mutiny.Uni;

/**
 * Gives a connection a fresh token pair through its provider's token endpoint. The single-flight refresh
 * (Mutiny memoization in a process, a lease row across replicas) is built in the refresh-pipeline issue;
 * until then a refresh always fails as the contract says for a failed refresh: without a refresh token the
 * user must reconnect, with one the provider counts as unavailable.
 */
@ApplicationScoped
public class RefreshCoordinator {

    static final long RETRY_AFTER_SECONDS = 30;

    public Uni<Connection> refresh(Connection connection) {
        if (connection.refreshToken == null) {
            return Uni.createFrom().failure(
                    RefreshFailure.needsReauth("the token has expired and no refresh token is stored; reconnect"));
        }
        return Uni.createFrom().failure(RefreshFailure.providerUnavailable(
                "the token could not be refreshed; try again later", RETRY_AFTER_SECONDS));
    }
}
