package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.identity.TokenIssuer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;

/**
 * RFC 8693 token exchange: a verified subject token that matches a binding, seen for the first time, becomes
 * a workload JWT that may read the binding's connections and lives no longer than the binding's TTL nor past
 * the subject token's {@code exp}. Every outcome is audited as {@code auth.exchange}; refusals carry the
 * precise reason as the error code, while the caller only learns that the token was not accepted.
 */
@ApplicationScoped
public class TokenExchangeService {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String TOKEN_TYPE_JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String TOKEN_TYPE_ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    public static final String TOKEN_TYPE_ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private final SubjectTokenVerifier verifier;
    private final BindingRepository bindings;
    private final ExchangedTokens exchanged;
    private final TokenIssuer issuer;
    private final AuditWriter audit;

    public TokenExchangeService(SubjectTokenVerifier verifier, BindingRepository bindings, ExchangedTokens exchanged,
            TokenIssuer issuer, AuditWriter audit) {
        this.verifier = verifier;
        this.bindings = bindings;
        this.exchanged = exchanged;
        this.issuer = issuer;
        this.audit = audit;
    }

    /**
     * The parameters of RFC 8693 §2.1 that this service reads; audience, resource and scope are ignored, and so
     * is any other parameter (RFC 6749: a client library may send its {@code client_id}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(description = "RFC 8693 token exchange parameters; any other parameter is ignored.",
            requiredProperties = { "grant_type", "subject_token", "subject_token_type" })
    public record ExchangeRequest(@Schema(enumeration = GRANT_TYPE) String grantType,
            @Schema(description = "A JWT from a trusted issuer.") String subjectToken,
            @Schema(enumeration = { TOKEN_TYPE_JWT, TOKEN_TYPE_ID_TOKEN }) String subjectTokenType,
            @Schema(enumeration = { TOKEN_TYPE_ACCESS_TOKEN, TOKEN_TYPE_JWT }) String requestedTokenType,
            @Schema(description = "Ignored.") String audience, @Schema(description = "Ignored.") String resource,
            @Schema(description = "Ignored.") String scope) {
        @Override
        public String toString() {
            return "ExchangeRequest[" + grantType + ", " + subjectTokenType + "]"; // never the subject token
        }
    }

    @Schema(requiredProperties = { "access_token", "issued_token_type", "token_type", "expires_in" })
    public record ExchangeResponse(@Schema(description = "The workload's JWT, to send as `Authorization: Bearer`.")
            String accessToken, @Schema(enumeration = TOKEN_TYPE_ACCESS_TOKEN) String issuedTokenType,
            @Schema(enumeration = "Bearer") String tokenType, @Schema(description = "Seconds until it expires.")
            long expiresIn) {
        @Override
        public String toString() {
            return "ExchangeResponse[expires_in=" + expiresIn + "]"; // never the token
        }
    }

    private record Admitted(SubjectTokenVerifier.Verified subject, Binding binding) {
    }

    public Uni<ExchangeResponse> exchange(ExchangeRequest request, RequestInfo info) {
        checkShape(request);
        return Uni.createFrom().deferred(() -> verifier.verify(request.subjectToken()))
                .flatMap(this::matchBinding)
                .call(admitted -> exchanged.rememberOnce(admitted.subject()))
                .map(this::issue)
                .onFailure(ExchangeRefused.class).call(e -> audit.record(refusal((ExchangeRefused) e, info)))
                .call(issued -> audit.record(AuditEvent.of("auth.exchange").actor("workload", issued.name())
                        .request(info).project(issued.project()).success(200)))
                .map(Issued::response);
    }

    private static void checkShape(ExchangeRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        if (!GRANT_TYPE.equals(request.grantType())) {
            throw new ApiException(400, "unsupported_grant_type", "grant_type must be " + GRANT_TYPE);
        }
        if (request.subjectToken() == null || request.subjectToken().isBlank()) {
            throw ApiException.invalidRequest("subject_token is required");
        }
        String type = request.subjectTokenType();
        if (!TOKEN_TYPE_JWT.equals(type) && !TOKEN_TYPE_ID_TOKEN.equals(type)) {
            throw ApiException.invalidRequest("subject_token_type must be " + TOKEN_TYPE_JWT);
        }
        String requested = request.requestedTokenType();
        if (requested != null && !requested.isBlank() && !TOKEN_TYPE_ACCESS_TOKEN.equals(requested)
                && !TOKEN_TYPE_JWT.equals(requested)) {
            throw ApiException.invalidRequest("requested_token_type must be " + TOKEN_TYPE_ACCESS_TOKEN);
        }
    }

    /** The most specific matching binding (most bound claims; the oldest among equals). */
    private Uni<Admitted> matchBinding(SubjectTokenVerifier.Verified subject) {
        return bindings.findCandidates(subject.issuer().id, subject.audiences())
                .map(candidates -> candidates.stream()
                        .filter(b -> BoundClaims.match(b.boundClaims, subject.claimMap()))
                        .max(Comparator.comparingInt((Binding b) -> b.boundClaims.size())
                                .thenComparing(b -> b.createdAt, Comparator.reverseOrder()))
                        .map(b -> new Admitted(subject, b))
                        .orElseThrow(() -> new ExchangeRefused("no_binding", subject.name())));
    }

    private record Issued(String name, UUID project, ExchangeResponse response) {
    }

    private Issued issue(Admitted admitted) {
        SubjectTokenVerifier.Verified subject = admitted.subject();
        Binding binding = admitted.binding();
        Instant byTtl = Instant.now().plusSeconds(binding.ttlSeconds);
        Instant notAfter = subject.expiresAt().isBefore(byTtl) ? subject.expiresAt() : byTtl;
        if (!notAfter.isAfter(Instant.now())) {
            throw new ExchangeRefused("expired", subject.name()); // inside the leeway: nothing left to give
        }
        TokenIssuer.IssuedToken token = issuer.forWorkload(subject.subject(), subject.name(), binding.id,
                binding.projectId, notAfter);
        return new Issued(subject.name(), binding.projectId, new ExchangeResponse(token.jwt(), TOKEN_TYPE_ACCESS_TOKEN, "Bearer",
                token.expiresInSeconds()));
    }

    private static AuditEvent refusal(ExchangeRefused refused, RequestInfo info) {
        AuditEvent event = AuditEvent.of("auth.exchange").request(info).failure(400, refused.reason());
        return refused.subject() == null ? event : event.actor("workload", refused.subject());
    }
}
