package dev.tokenvault.provider;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.UrlPolicy;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/** OAuth applications at external services, managed by administrators. */
@ApplicationScoped
public class ProviderService {

    static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";
    static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post");
    static final int DEFAULT_SKEW = 60;

    private final ProviderRepository providers;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final UrlPolicy urls;

    public ProviderService(ProviderRepository providers, Sealer sealer, Keyring keyring, AuditWriter audit,
            UrlPolicy urls) {
        this.urls = urls;
        this.providers = providers;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
    }

    public Uni<ProviderView> create(Caller caller, ProviderRequest request, RequestInfo info) {
        String name = checkedName(request.name());
        Provider provider = new Provider();
        provider.id = UUID.randomUUID();
        provider.name = name;
        provider.createdAt = Instant.now();
        apply(provider, request, true);
        return providers.add(provider)
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict("provider '" + name + "' exists"))
                .call(p -> audit.record(event("provider.create", caller, info, p.name, 201)))
                .map(ProviderView::of);
    }

    /** All providers (there are few): one page, in name order. */
    public Uni<Page<ProviderView>> list() {
        return providers.listByName().map(all -> new Page<>(all.stream().map(ProviderView::of).toList(), null));
    }

    public Uni<ProviderView> get(String name) {
        return providers.findByName(name).onItem().ifNull().failWith(() -> ApiException.notFound("provider"))
                .map(ProviderView::of);
    }

    public Uni<ProviderView> update(Caller caller, String name, ProviderRequest request, RequestInfo info) {
        if (request.name() != null && !request.name().equals(name)) {
            throw ApiException.invalidRequest("field 'name' cannot be changed");
        }
        return providers.change(name, provider -> apply(provider, request, false))
                .onItem().ifNull().failWith(() -> ApiException.notFound("provider"))
                .call(p -> audit.record(event("provider.update", caller, info, p.name, 200)))
                .map(ProviderView::of);
    }

    public Uni<Void> delete(Caller caller, String name, RequestInfo info) {
        return providers.remove(name)
                .onFailure(Db::isForeignKeyViolation)
                .transform(e -> ApiException.conflict("provider '" + name + "' is used by connections"))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("provider");
                    }
                })
                .call(ignored -> audit.record(event("provider.delete", caller, info, name, 204)))
                .replaceWithVoid();
    }

    /** Checks every field and writes it; on create the client secret is required, on replace it is optional. */
    private void apply(Provider provider, ProviderRequest request, boolean creating) {
        provider.tokenUrl = urls.checked(request.tokenUrl(), "token_url", true);
        provider.authorizeUrl = urls.checked(request.authorizeUrl(), "authorize_url", false);
        provider.revocationUrl = urls.checked(request.revocationUrl(), "revocation_url", false);
        provider.clientId = Validation.required(request.clientId(), "client_id", 512);
        String method = request.authMethod() == null ? "client_secret_basic" : request.authMethod();
        if (!AUTH_METHODS.contains(method)) {
            throw ApiException.invalidRequest("field 'auth_method' must be client_secret_basic or client_secret_post");
        }
        provider.authMethod = method;
        provider.scopes = Validation.scopes(request.scopes());
        int skew = request.refreshSkewSeconds() == null ? DEFAULT_SKEW : request.refreshSkewSeconds();
        if (skew < 0 || skew > 86_400) {
            throw ApiException.invalidRequest("field 'refresh_skew_seconds' must be between 0 and 86400");
        }
        provider.refreshSkewSeconds = skew;
        provider.rotatesRefreshTokens = request.rotatesRefreshTokens();
        if (creating || request.clientSecret() != null) {
            String secret = Validation.required(request.clientSecret(), "client_secret", 4096);
            provider.clientSecret = sealer.seal(secret, provider.clientSecretField());
            provider.keyId = keyring.primaryId();
        }
        provider.updatedAt = Instant.now();
    }

    static String checkedName(String name) {
        Validation.required(name, "name", 64);
        if (!name.matches(NAME_PATTERN)) {
            throw ApiException.invalidRequest("field 'name' may hold lower-case letters, digits and . _ - only");
        }
        return name;
    }

    private static AuditEvent event(String action, Caller caller, RequestInfo info, String provider, int status) {
        AuditEvent event = AuditEvent.of(action).actor(caller).request(info).success(status);
        event.provider = provider;
        return event;
    }
}
