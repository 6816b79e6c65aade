package dev.tokenvault.provider;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

/**
 * OAuth applications at external services, and services whose static API tokens are stored, managed by
 * administrators: made by hand, or from a catalog entry with only what is the administrator's (client id and
 * secret, the entry's parameters).
 */
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

    private final Catalog catalog;
    private final OidcDiscovery discovery;

    public ProviderService(ProviderRepository providers, Sealer sealer, Keyring keyring, AuditWriter audit,
            UrlPolicy urls, Catalog catalog, OidcDiscovery discovery) {
        this.urls = urls;
        this.catalog = catalog;
        this.discovery = discovery;
        this.providers = providers;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
    }

    public Uni<ProviderView> create(Caller caller, ProviderRequest request, RequestInfo info) {
        Uni<Provider> made = request.template() == null ? Uni.createFrom().item(byHand(request)) : fromTemplate(request);
        return made.flatMap(provider -> providers.add(provider)
                        .onFailure(Db::isUniqueViolation)
                        .transform(e -> ApiException.conflict("provider '" + provider.name + "' exists")))
                .call(p -> audit.record(event("provider.create", caller, info, p.name, 201)))
                .map(ProviderView::of);
    }

    private Provider byHand(ProviderRequest request) {
        if (request.parameters() != null) {
            throw ApiException.invalidRequest("field 'parameters' fills a catalog template: give 'template' too");
        }
        if (request.validationUrl() != null) {
            throw ApiException.invalidRequest("field 'validation_url' needs a 'template' with a validation request");
        }
        Provider provider = newProvider(checkedName(request.name()));
        apply(provider, request, true);
        return provider;
    }

    // ------------------------------------------------------------------------------------ from the catalog

    /**
     * A provider made from a catalog entry: its URLs filled from {@code parameters} (or, for an entry with a
     * discovery URL, read from the issuer's discovery document), then every field given explicitly in place of the
     * entry's. What the entry says about the provider's behaviour is kept on the row.
     */
    private Uni<Provider> fromTemplate(ProviderRequest request) {
        CatalogEntry entry = catalog.find(request.template()).orElseThrow(() -> ApiException.invalidRequest(
                "field 'template' names no catalog entry (GET /v1/catalog lists them)"));
        String name = checkedName(request.name() != null ? request.name() : entry.id());
        TemplateValues values = TemplateValues.of(entry, request.parameters(), urls::callable);
        boolean discover = entry.discoveryUrl() != null && (request.tokenUrl() == null || request.authorizeUrl() == null);
        Uni<OidcDiscovery.Endpoints> endpoints = discover
                ? discovery.discover(values.fill(entry.discoveryUrl()), values.get("issuer"), entry.authMethod())
                : Uni.createFrom().nullItem();
        return endpoints.map(found -> {
            Provider provider = newProvider(name);
            provider.template = entry.id();
            provider.kind = entry.kind();
            if (entry.isApiKey()) {
                refuseOAuthFields(request);
            } else {
                oauthFromTemplate(provider, entry, values, found, request);
            }
            provider.scopes = request.scopes() != null ? Validation.scopes(request.scopes())
                    : String.join(" ", entry.defaultScopes());
            provider.refreshSkewSeconds = skew(request.refreshSkewSeconds());
            provider.quirks = String.join(" ", entry.quirks());
            provider.accessTokenLifetimeSeconds = seconds(entry.accessTokenLifetimeSeconds());
            CatalogEntry.RefreshToken refresh = entry.refreshToken();
            if (refresh != null) {
                provider.refreshTokenInactivitySeconds = seconds(refresh.inactivitySeconds());
                provider.refreshTokenLifetimeSeconds = seconds(refresh.lifetimeSeconds());
                provider.refreshTokenExpiresInField = refresh.expiresInField();
            }
            provider.tokenResponsePath = entry.tokenResponsePath();
            provider.metadataFields = String.join(" ", entry.metadataFields());
            provider.callbackParams = String.join(" ", entry.callbackParams());
            provider.reauthErrors = String.join(" ", entry.reauthErrors());
            provider.scopeSeparator = entry.scopeSeparator();
            CatalogEntry.Validation validation = entry.validation();
            if (validation != null) {
                provider.validationMethod = validation.method();
                provider.validationAuth = validation.auth();
                provider.validationStatus = validation.validStatus().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(" "));
                provider.validationUrl = request.validationUrl() != null
                        ? urls.checked(request.validationUrl(), "validation_url", true)
                        : urls.checked(values.fill(validation.url()), "validation.url", true);
            } else if (request.validationUrl() != null) {
                throw ApiException.invalidRequest("field 'validation_url': template '" + entry.id()
                        + "' has no validation request");
            }
            return provider;
        });
    }

    private void oauthFromTemplate(Provider provider, CatalogEntry entry, TemplateValues values,
            OidcDiscovery.Endpoints found, ProviderRequest request) {
        provider.tokenUrl = request.tokenUrl() != null ? urls.checked(request.tokenUrl(), "token_url", true)
                : found != null ? found.tokenUrl() : urls.checked(values.fill(entry.tokenUrl()), "token_url", true);
        provider.authorizeUrl = request.authorizeUrl() != null
                ? urls.checked(request.authorizeUrl(), "authorize_url", true)
                : found != null ? found.authorizeUrl()
                        : urls.checked(values.fill(entry.authorizeUrl()), "authorize_url", true);
        provider.revocationUrl = request.revocationUrl() != null
                ? urls.checked(request.revocationUrl(), "revocation_url", false)
                : found != null ? found.revocationUrl()
                        : entry.revocationUrl() == null ? null
                                : urls.checked(values.fill(entry.revocationUrl()), "revocation_url", false);
        provider.clientId = Validation.required(request.clientId(), "client_id", 512);
        String method = request.authMethod() != null ? request.authMethod()
                : found != null ? found.authMethod() : entry.authMethod();
        provider.authMethod = checkedAuthMethod(method);
        provider.rotatesRefreshTokens = request.rotatesRefreshTokens() != null ? request.rotatesRefreshTokens()
                : entry.refreshToken() == null ? null : entry.refreshToken().rotates();
        Map<String, String> params = new LinkedHashMap<>(entry.authorizeParams());
        params.putAll(checkedAuthorizeParams(request.authorizeParams()));
        provider.authorizeParams = params;
        sealSecret(provider, request.clientSecret());
    }

    /** An api_key provider stores static tokens: it has no OAuth application. */
    private static void refuseOAuthFields(ProviderRequest request) {
        Map<String, Object> oauth = new LinkedHashMap<>();
        oauth.put("token_url", request.tokenUrl());
        oauth.put("authorize_url", request.authorizeUrl());
        oauth.put("revocation_url", request.revocationUrl());
        oauth.put("client_id", request.clientId());
        oauth.put("client_secret", request.clientSecret());
        oauth.put("auth_method", request.authMethod());
        oauth.put("rotates_refresh_tokens", request.rotatesRefreshTokens());
        oauth.put("authorize_params", request.authorizeParams());
        oauth.forEach((field, value) -> {
            if (value != null) {
                throw ApiException.invalidRequest("field '" + field + "' does not apply to an api_key provider");
            }
        });
    }

    private Provider newProvider(String name) {
        Provider provider = new Provider();
        provider.id = UUID.randomUUID();
        provider.name = name;
        provider.createdAt = Instant.now();
        provider.updatedAt = provider.createdAt;
        provider.keyId = keyring.primaryId();
        return provider;
    }

    private static Integer seconds(Long value) {
        return value == null ? null : Math.toIntExact(value);
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
        if (request.template() != null || request.parameters() != null) {
            throw ApiException.invalidRequest("field '" + (request.template() != null ? "template" : "parameters")
                    + "' can only be given when a provider is created");
        }
        return providers.change(name, provider -> {
                    if (provider.isApiKey()) {
                        refuseOAuthFields(request);
                        if (request.scopes() != null) {
                            provider.scopes = Validation.scopes(request.scopes());
                        }
                        provider.refreshSkewSeconds = skew(request.refreshSkewSeconds());
                        provider.updatedAt = Instant.now();
                    } else {
                        apply(provider, request, false);
                    }
                    if (request.validationUrl() != null) {
                        if (!provider.hasValidation()) {
                            throw ApiException.invalidRequest("field 'validation_url': provider '" + name
                                    + "' has no validation request");
                        }
                        provider.validationUrl = urls.checked(request.validationUrl(), "validation_url", true);
                    }
                })
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
        provider.authMethod = checkedAuthMethod(request.authMethod() == null ? "client_secret_basic"
                : request.authMethod());
        provider.scopes = Validation.scopes(request.scopes());
        provider.refreshSkewSeconds = skew(request.refreshSkewSeconds());
        provider.rotatesRefreshTokens = request.rotatesRefreshTokens();
        if (request.authorizeParams() != null) {
            provider.authorizeParams = new LinkedHashMap<>(checkedAuthorizeParams(request.authorizeParams()));
        }
        if (creating || request.clientSecret() != null) {
            sealSecret(provider, request.clientSecret());
        }
        provider.updatedAt = Instant.now();
    }

    private void sealSecret(Provider provider, String clientSecret) {
        String secret = Validation.required(clientSecret, "client_secret", 4096);
        provider.clientSecret = sealer.seal(secret, provider.clientSecretField());
        provider.keyId = keyring.primaryId();
    }

    private static String checkedAuthMethod(String method) {
        if (!AUTH_METHODS.contains(method)) {
            throw ApiException.invalidRequest("field 'auth_method' must be client_secret_basic or client_secret_post");
        }
        return method;
    }

    private static int skew(Integer seconds) {
        int skew = seconds == null ? DEFAULT_SKEW : seconds;
        if (skew < 0 || skew > 86_400) {
            throw ApiException.invalidRequest("field 'refresh_skew_seconds' must be between 0 and 86400");
        }
        return skew;
    }

    /** Extra parameters for the authorize URL: well-formed names the connect flow does not set itself, short values. */
    static Map<String, String> checkedAuthorizeParams(Map<String, String> params) {
        if (params == null) {
            return Map.of();
        }
        if (params.size() > 20) {
            throw ApiException.invalidRequest("field 'authorize_params' may hold at most 20 parameters");
        }
        params.forEach((name, value) -> {
            if (name == null || !Catalog.AUTHORIZE_PARAM.matcher(name).matches()
                    || Catalog.RESERVED_AUTHORIZE_PARAMS.contains(name)) {
                throw ApiException.invalidRequest("field 'authorize_params' holds a parameter name that is malformed "
                        + "or set by the connect flow itself");
            }
            Validation.line(value, "authorize_params." + name, 512, true);
        });
        return params;
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
