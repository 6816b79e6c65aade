package dev.tokenvault;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link PostgresTestResource}, the management port and {@link GitHubKeysServer} once for every
 * {@code @QuarkusTest} in the module.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(ManagementPortResource.class)
@QuarkusTestResource(GitHubKeysServer.class)
public final class TestDatabase {
    private TestDatabase() {
    }
}
