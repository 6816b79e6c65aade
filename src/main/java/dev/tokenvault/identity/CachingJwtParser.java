package dev.tokenvault.identity;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.json.JsonUtil;

import dev.tokenvault.platform.Caller;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies this service's JWTs (RS256 only, by the key its {@code kid} names, issuer and audience checked) and
 * remembers each verified token with its {@link TokenClaims} until it expires: the one cache of verified
 * callers. The hot path pays for one RSA signature check and one reading of the claims per token rather than per
 * request (reading a custom claim of a SmallRye JWT principal costs an exception). The cache is keyed by the
 * exact token string: a tampered token is a different key and is verified anew. Whether the token's session or
 * binding still lives is asked per request (see {@link CallerAugmentor}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser extends DefaultJWTParser {

    private final JwtKeys keys;
    private final String issuer;
    private final int maxEntries;
    private final Map<String, JWTAuthContextInfo> contexts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(JsonWebToken jwt, TokenClaims claims) {
    }

    public CachingJwtParser(JwtKeys keys, TokenIssuer issuer, dev.tokenvault.platform.TokenvaultConfig config) {
        this.keys = keys;
        this.issuer = issuer.issuer();
        this.maxEntries = config.auth().verifiedTokenCacheSize();
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        Verified cached = verified.get(bearerToken);
        long now = System.currentTimeMillis() / 1000;
        if (cached != null) {
            if (cached.jwt().getExpirationTime() > now) {
                return cached.jwt();
            }
            verified.remove(bearerToken);
        }
        JsonWebToken token = super.parse(bearerToken, context(keyIdOf(bearerToken)));
        if (verified.size() >= maxEntries) {
            verified.entrySet().removeIf(e -> e.getValue().jwt().getExpirationTime() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(bearerToken, new Verified(token, claimsOf(token)));
        return token;
    }

    /** What a verified JWT says. */
    public TokenClaims claims(JsonWebToken jwt) {
        Verified cached = jwt.getRawToken() == null ? null : verified.get(jwt.getRawToken());
        return cached != null ? cached.claims() : claimsOf(jwt);
    }

    private JWTAuthContextInfo context(String keyId) throws ParseException {
        String id = keyId == null ? keys.signingKeyId() : keyId;
        PublicKey key = keys.verificationKey(id);
        if (key == null) {
            throw new ParseException("the token names a key this service does not know");
        }
        return contexts.computeIfAbsent(id, ignored -> {
            JWTAuthContextInfo context = new JWTAuthContextInfo(key, issuer);
            context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
            context.setExpectedAudience(Set.of(TokenIssuer.AUDIENCE));
            context.setRequireNamedPrincipal(true);
            return context;
        });
    }

    /** The {@code kid} of the token's header, or null; the signature is checked afterwards with that key. */
    static String keyIdOf(String token) throws ParseException {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 4096) {
            throw new ParseException("not a JWT");
        }
        try {
            Object kid = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8)).get("kid");
            return kid instanceof String s ? s : null;
        } catch (Exception e) {
            throw new ParseException("not a JWT");
        }
    }

    private static TokenClaims claimsOf(JsonWebToken jwt) {
        Object kind = jwt.getClaim(TokenIssuer.KIND_CLAIM);
        Caller.Kind parsed = kind == null ? Caller.Kind.USER : Caller.Kind.valueOf(kind.toString().toUpperCase());
        String name = jwt.getClaim("upn") != null ? jwt.getClaim("upn").toString() : jwt.getSubject();
        return new TokenClaims(parsed, jwt.getSubject(), name, uuidClaim(jwt, TokenIssuer.SESSION_CLAIM),
                uuidClaim(jwt, TokenIssuer.BINDING_CLAIM));
    }

    private static UUID uuidClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        try {
            return value == null ? null : UUID.fromString(unquote(value.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** SmallRye JWT hands JSON string values inside arrays as JsonString, whose toString keeps the quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
