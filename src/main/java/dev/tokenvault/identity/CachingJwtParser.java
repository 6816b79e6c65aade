package dev.tokenvault.identity;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies this service's JWTs (RS256 only, issuer and audience checked) and remembers each verified token
 * until it expires, so the hot path pays for one RSA signature check per token rather than per request.
 * The cache is keyed by the exact token string: a tampered token is a different key and is verified anew.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser extends DefaultJWTParser {

    private final JWTAuthContextInfo context;
    private final int maxEntries;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    public CachingJwtParser(JwtKeys keys, TokenvaultConfig config) {
        this.context = new JWTAuthContextInfo(keys.verificationKey(), config.auth().issuer());
        this.context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        this.context.setExpectedAudience(Set.of(TokenIssuer.AUDIENCE));
        this.context.setRequireNamedPrincipal(true);
        this.maxEntries = config.auth().verifiedTokenCacheSize();
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        JsonWebToken cached = verified.get(bearerToken);
        long now = System.currentTimeMillis() / 1000;
        if (cached != null) {
            if (cached.getExpirationTime() > now) {
                return cached;
            }
            verified.remove(bearerToken);
        }
        JsonWebToken token = super.parse(bearerToken, context);
        if (verified.size() >= maxEntries) {
            verified.entrySet().removeIf(e -> e.getValue().getExpirationTime() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(bearerToken, token);
        return token;
    }
}
