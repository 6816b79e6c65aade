package dev.tokenvault.apikey;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.connection.ConnectionScope;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Permission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an API key into a principal with one indexed lookup of its SHA-256 on every request, so a revoked
 * key stops working at once on every replica (nothing is cached). Each lookup is counted in
 * {@code tokenvault_api_key_lookups_total}.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    /** last_used_at is written at most once a minute per key, so reads stay reads. */
    static final long TOUCH_EVERY_SECONDS = 60;

    private final ApiKeyRepository keys;
    private final Counter lookups;

    public ApiKeyIdentityProvider(ApiKeyRepository keys, MeterRegistry meters) {
        this.keys = keys;
        this.lookups = Counter.builder("tokenvault.api_key.lookups")
                .description("API keys looked up in the database (a key with a wrong checksum is refused before)")
                .register(meters);
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        lookups.increment();
        return keys.findByHash(request.key().hash())
                .map(ApiKeyIdentityProvider::live)
                .invoke(this::touch)
                .map(ApiKeyIdentityProvider::identity);
    }

    private static ApiKeyRepository.StoredKey live(ApiKeyRepository.StoredKey key) {
        if (key == null) {
            throw new AuthenticationFailedException("unknown API key");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
            throw new AuthenticationFailedException("expired API key");
        }
        return key;
    }

    private void touch(ApiKeyRepository.StoredKey key) {
        Instant now = Instant.now();
        if (key.lastUsedAt() != null && key.lastUsedAt().isAfter(now.minusSeconds(TOUCH_EVERY_SECONDS))) {
            return;
        }
        keys.touch(key.id(), now).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("last_used_at of an API key not written: %s", failure.getClass().getSimpleName()));
    }

    private static SecurityIdentity identity(ApiKeyRepository.StoredKey key) {
        ApiKeyPrincipal principal = new ApiKeyPrincipal(key.id(), key.prefix(), key.projectId());
        Caller.Scope scope = new Caller.Scope(key.projectId(), Permission.split(key.permissions()),
                ConnectionScope.splitProviders(key.providers()), ConnectionScope.splitIds(key.connectionIds()));
        Caller caller = Caller.machine(Caller.Kind.API_KEY, key.id().toString(), principal.getName(), scope);
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).addAttribute(Caller.ATTRIBUTE, caller).build();
    }
}
