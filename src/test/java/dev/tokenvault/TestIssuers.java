package dev.tokenvault;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link OidcIssuersResource} once for every {@code @QuarkusTest} in the module. */
@QuarkusTestResource(OidcIssuersResource.class)
public final class TestIssuers {
    private TestIssuers() {
    }
}
