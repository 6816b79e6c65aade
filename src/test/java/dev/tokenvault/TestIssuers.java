package dev.tokenvault;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link OidcIssuersResource} once for every {@code @QuarkusTest} in the module. */
@QuarkusTestResource(OidcIssuersResource.class)
public final class TestIssuers {

    /** Marks a test field that receives a started issuer (the fields are matched by type). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface Inject {
    }

    private TestIssuers() {
    }
}
