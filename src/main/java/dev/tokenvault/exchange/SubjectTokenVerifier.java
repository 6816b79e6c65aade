package dev.tokenvault.exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;

/**
 * Verifies a subject token from a trusted issuer: an allow-listed asymmetric algorithm (never {@code none} or
 * HMAC), a signature by one of the issuer's JWKS keys (fetched again when the key id is unknown), {@code iss},
 * {@code aud} one of the issuer's audiences, {@code exp} required and {@code nbf} honoured with a small leeway,
 * and a {@code sub}. Failures are {@link ExchangeRefused} with the precise reason for the audit log.
 */
@ApplicationScoped
public class SubjectTokenVerifier {

    public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");
    static final int MAX_TOKEN_LENGTH = 64 * 1024; // the body limit: real platform JWTs can be long
    static final int MAX_JTI = 256;

    /** Reads the claims before the issuer is known; nothing read here is trusted until {@link #check}. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().setRelaxVerificationKeyValidation().build();

    private final TrustedIssuerRepository issuers;
    private final IssuerKeys keys;
    private final TokenvaultConfig.Exchange config;

    public SubjectTokenVerifier(TrustedIssuerRepository issuers, IssuerKeys keys, TokenvaultConfig config) {
        this.issuers = issuers;
        this.keys = keys;
        this.config = config.exchange();
    }

    /** A verified subject token. */
    public record Verified(TrustedIssuer issuer, JwtClaims claims, String subject, List<String> audiences,
            Instant expiresAt, String replayKey) {

        public Map<String, Object> claimMap() {
            return claims.getClaimsMap();
        }

        /** The workload's name in the audit log: its {@code sub} and the issuer's host. */
        public String name() {
            String host;
            try {
                host = URI.create(issuer.issuer).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            String name = subject + "@" + (host == null ? issuer.issuer : host);
            return name.length() <= 512 ? name : name.substring(0, 512);
        }
    }

    private record Header(String alg, String kid) {
    }

    public Uni<Verified> verify(String token) {
        Header header = header(token);
        String iss = unverifiedIssuer(token);
        return issuers.findByIssuer(iss)
                .onItem().ifNull().failWith(() -> new ExchangeRefused("unknown_issuer"))
                .flatMap(issuer -> keys.keysFor(issuer, header.kid())
                        .onFailure().transform(e -> new ExchangeRefused("jwks_unavailable"))
                        .map(jwks -> check(issuer, jwks, token, header)));
    }

    private static Header header(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || token.chars().filter(c -> c == '.').count() != 2) {
            throw new ExchangeRefused("malformed");
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                    StandardCharsets.UTF_8);
            Map<String, Object> fields = JsonUtil.parseJson(json);
            Object alg = fields.get("alg");
            Object kid = fields.get("kid");
            if (!(alg instanceof String a) || !ALLOWED_ALGORITHMS.contains(a)) {
                throw new ExchangeRefused("algorithm_not_allowed");
            }
            return new Header(a, kid instanceof String k ? k : null);
        } catch (ExchangeRefused e) {
            throw e;
        } catch (Exception e) {
            throw new ExchangeRefused("malformed");
        }
    }

    private static String unverifiedIssuer(String token) {
        try {
            String iss = UNVERIFIED.processToClaims(token).getIssuer();
            if (iss == null || iss.isBlank()) {
                throw new ExchangeRefused("malformed");
            }
            return iss;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new ExchangeRefused("malformed");
        }
    }

    private Verified check(TrustedIssuer issuer, List<JsonWebKey> jwks, String token, Header header) {
        if (header.kid() != null && jwks.stream().noneMatch(k -> header.kid().equals(k.getKeyId()))) {
            throw new ExchangeRefused("unknown_key");
        }
        JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(jwks);
        resolver.setDisambiguateWithVerifySignature(true);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        ALLOWED_ALGORITHMS.toArray(String[]::new)))
                .setVerificationKeyResolver(resolver)
                .setExpectedIssuer(true, issuer.issuer)
                .setExpectedAudience(true, issuer.audienceList().toArray(String[]::new))
                .setRequireExpirationTime()
                .setIssuedAtRestrictions((int) config.clockSkew().toSeconds(), Integer.MAX_VALUE / 2)
                .setRequireSubject()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return new Verified(issuer, claims, claims.getSubject(), claims.getAudience(),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()), replayKey(claims, token));
        } catch (InvalidJwtException e) {
            throw new ExchangeRefused(reason(e));
        } catch (MalformedClaimException e) {
            throw new ExchangeRefused("malformed");
        }
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "bad_signature";
        }
        if (e.hasExpired()) {
            return "expired";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "not_yet_valid";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "issued_in_future"; // a token from the future is forged or from a broken clock
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "wrong_audience";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "wrong_issuer";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "no_expiry";
        }
        if (e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return "no_subject";
        }
        org.jboss.logging.Logger.getLogger(SubjectTokenVerifier.class).debugf("subject token refused: %s",
                e.getErrorDetails().stream().map(d -> d.getErrorCode() + "").toList());
        return "invalid_token";
    }

    /** The token's {@code jti}, or, when it has none, the SHA-256 of the whole token: each is accepted once. */
    static String replayKey(JwtClaims claims, String token) throws MalformedClaimException {
        String jti = claims.getJwtId();
        if (jti != null && !jti.isBlank() && jti.length() <= MAX_JTI) {
            return "jti:" + jti;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable");
        }
    }
}
