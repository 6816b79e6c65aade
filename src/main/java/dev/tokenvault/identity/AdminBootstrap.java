package dev.tokenvault.identity;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Creates the first administrator from {@code TOKENVAULT_ADMIN_USERNAME} / {@code TOKENVAULT_ADMIN_PASSWORD}
 * when the vault has no user yet. Safe with several replicas starting at once (the username is unique).
 */
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void onStart(@Observes StartupEvent event, TokenvaultConfig config, UserService users) {
        var admin = config.admin();
        if (admin.username().isEmpty() || admin.password().isEmpty()) {
            LOG.info("TOKENVAULT_ADMIN_USERNAME / TOKENVAULT_ADMIN_PASSWORD not set: no first administrator created");
            return;
        }
        // Start-up runs on the main thread, not an event loop: waiting for the result here is allowed.
        Boolean created;
        try {
            created = VertxContextSupport.subscribeAndAwait(
                    () -> users.bootstrapAdmin(admin.username().get(), admin.password().get()));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the first administrator: " + e.getMessage(), e);
        }
        if (Boolean.TRUE.equals(created)) {
            LOG.infof("created the first administrator '%s'", admin.username().get());
        }
    }
}
