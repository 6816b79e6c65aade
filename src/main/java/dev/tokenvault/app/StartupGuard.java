package dev.tokenvault.app;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.identity.JwtKeys;
import dev.tokenvault.platform.UrlPolicy;
import dev.tokenvault.provider.Catalog;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the encryption keyring, the JWT keys and the provider catalog before anything else runs, so a missing or
 * malformed key or a broken catalog entry stops the service at start-up with one line naming the setting (or the
 * file, entry and field), instead of failing the first request.
 */
public class StartupGuard {

    private static final Logger LOG = Logger.getLogger(StartupGuard.class);

    void checkKeys(@Observes @Priority(1) StartupEvent event, Keyring keyring, JwtKeys jwtKeys, UrlPolicy urls,
            Catalog catalog) {
        if (urls.allowsInsecure()) {
            LOG.warn("*** TOKENVAULT_ALLOW_INSECURE_URLS is on: plain-http provider, issuer and webhook URLs are "
                    + "accepted. For local testing only. ***");
        }
        try {
            LOG.infof("encryption keyring loaded: primary key '%s', %d key(s)", keyring.primaryId(), keyring.ids().size());
            jwtKeys.verificationKey();
            catalog.size();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            LOG.errorf("tokenvault cannot start: %s", cause.getMessage());
            throw e;
        }
    }
}
