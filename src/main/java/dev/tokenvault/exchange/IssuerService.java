package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.UrlPolicy;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/**
 * Trusted issuers (admin): registering one checks its keys can be had — by OIDC discovery when no
 * {@code jwks_uri} is given, or from the inline {@code jwks} — before it is stored.
 */
@ApplicationScoped
public class IssuerService {

    static final int MAX_AUDIENCES = 20;

    private final TrustedIssuerRepository issuers;
    private final IssuerKeys keys;
    private final AuditWriter audit;
    private final ObjectMapper json;
    private final UrlPolicy urls;

    public IssuerService(TrustedIssuerRepository issuers, IssuerKeys keys, AuditWriter audit, ObjectMapper json,
            UrlPolicy urls) {
        this.urls = urls;
        this.issuers = issuers;
        this.keys = keys;
        this.audit = audit;
        this.json = json;
    }

    public record NewIssuer(String issuer, String jwksUri, Map<String, Object> jwks, List<String> audiences) {
    }

    public Uni<IssuerView> create(Caller caller, NewIssuer request, RequestInfo info) {
        // the issuer is an URL the service calls for discovery, so it is held to the URL rules even with inline keys
        String issuer = urls.checked(request.issuer(), "issuer", true);
        Set<String> audiences = checkedAudiences(request.audiences());
        if (request.jwks() != null && request.jwksUri() != null) {
            throw ApiException.invalidRequest("give either 'jwks_uri' or 'jwks', not both");
        }
        return resolveKeys(issuer, request)
                .map(source -> newIssuer(issuer, source, audiences))
                .flatMap(issuers::add)
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict("this issuer is already trusted"))
                .call(row -> audit.record(AuditEvent.of("issuer.create").actor(caller).request(info).success(201)))
                .map(IssuerView::of);
    }

    public Uni<Page<IssuerView>> list() {
        return issuers.listInOrder().map(rows -> new Page<>(rows.stream().map(IssuerView::of).toList(), null));
    }

    public Uni<IssuerView> get(UUID id) {
        return issuers.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("issuer")).map(IssuerView::of);
    }

    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return issuers.remove(id)
                .onFailure(Db::isForeignKeyViolation).transform(e -> ApiException.conflict(
                        "bindings use this issuer; delete them first"))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("issuer");
                    }
                    keys.forget(id);
                })
                .call(ignored -> audit.record(AuditEvent.of("issuer.delete").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    /** Where the keys come from: {@code [jwks_uri, null]} or {@code [null, inline public JWKS]}. */
    private Uni<String[]> resolveKeys(String issuer, NewIssuer request) {
        if (request.jwks() != null) {
            return Uni.createFrom().item(() -> new String[] { null, IssuerKeys.publicJson(IssuerKeys.parse(jwksJson(request))) });
        }
        Uni<String> jwksUri = request.jwksUri() == null || request.jwksUri().isBlank()
                ? keys.discover(issuer)
                : Uni.createFrom().item(urls.checked(request.jwksUri(), "jwks_uri", true));
        return jwksUri.call(keys::fetchJwks).map(uri -> new String[] { uri, null });
    }

    private String jwksJson(NewIssuer request) {
        try {
            return json.writeValueAsString(request.jwks());
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("field 'jwks' must be a JWK set");
        }
    }

    private static Set<String> checkedAudiences(List<String> audiences) {
        if (audiences == null || audiences.isEmpty() || audiences.size() > MAX_AUDIENCES) {
            throw ApiException.invalidRequest("field 'audiences' must hold 1 to " + MAX_AUDIENCES + " audiences");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String audience : audiences) {
            if (audience == null || audience.isBlank() || audience.length() > 512
                    || audience.chars().anyMatch(ch -> ch <= ' ')) {
                throw ApiException.invalidRequest("field 'audiences' holds an empty or malformed audience");
            }
            checked.add(audience);
        }
        return checked;
    }

    private static TrustedIssuer newIssuer(String issuer, String[] source, Set<String> audiences) {
        TrustedIssuer row = new TrustedIssuer();
        row.id = UUID.randomUUID();
        row.issuer = issuer;
        row.jwksUri = source[0];
        row.jwks = source[1];
        row.audiences = String.join(" ", audiences);
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        return row;
    }
}
