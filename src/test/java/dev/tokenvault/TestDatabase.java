package dev.tokenvault;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link PostgresTestResource} once for every {@code @QuarkusTest} in the module. */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(ManagementPortResource.class)
public final class TestDatabase {
    private TestDatabase() {
    }
}
