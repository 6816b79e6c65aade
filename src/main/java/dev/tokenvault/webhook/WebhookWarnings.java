package dev.tokenvault.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.apikey.ApiKeyRepository;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Warnings before something stops working, announced once each: {@code connection.reauth_due} when a refresh token
 * dies within {@code TOKENVAULT_REAUTH_WARNING} (once per refresh token), {@code api_key.expiring} when a key
 * expires within {@code TOKENVAULT_WEBHOOKS_API_KEY_WARNING}. Any replica may run it; each statement marks what it
 * announced, so two replicas never announce the same thing twice. Also forgets old finished deliveries.
 */
@ApplicationScoped
public class WebhookWarnings {

    private static final Logger LOG = Logger.getLogger(WebhookWarnings.class);

    private final ConnectionStore connections;
    private final ApiKeyRepository keys;
    private final DeliveryStore deliveries;
    private final TokenvaultConfig config;

    public WebhookWarnings(ConnectionStore connections, ApiKeyRepository keys, DeliveryStore deliveries,
            TokenvaultConfig config) {
        this.connections = connections;
        this.keys = keys;
        this.deliveries = deliveries;
        this.config = config;
    }

    /** What one round announced. */
    public record Announced(int reauthDue, int keysExpiring) {
    }

    @Scheduled(every = "${tokenvault.webhooks.warnings-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return announce().call(ignored -> deliveries.purge(config.webhooks().keepDeliveries()))
                .onFailure().invoke(e -> LOG.warnf("webhook warnings round failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Announced> announce() {
        return connections.announceReauthDue(config.reauthWarning())
                .flatMap(reauth -> keys.announceExpiring(config.webhooks().apiKeyWarning())
                        .map(expiring -> new Announced(reauth, expiring)));
    }
}
