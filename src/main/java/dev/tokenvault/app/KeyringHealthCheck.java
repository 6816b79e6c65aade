package dev.tokenvault.app;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.SealedField;
import dev.tokenvault.crypto.Sealer;

/** Ready only when the primary key seals and opens a probe value (the database check comes with the client). */
@Readiness
@ApplicationScoped
public class KeyringHealthCheck implements HealthCheck {

    private final Sealer sealer;
    private final Keyring keyring;

    public KeyringHealthCheck(Sealer sealer, Keyring keyring) {
        this.sealer = sealer;
        this.keyring = keyring;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            SealedField probe = SealedField.of("health", UUID.randomUUID(), "probe");
            boolean ok = "probe".equals(sealer.openString(sealer.seal("probe", probe), probe));
            return HealthCheckResponse.named("keyring").status(ok)
                    .withData("primary_key", keyring.primaryId()).withData("keys", keyring.ids().size()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("keyring").down().build();
        }
    }
}
