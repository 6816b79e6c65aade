package dev.tokenvault.identity;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies this service's JWTs (RS256 only, issuer and audience checked) and remembers each verified token
 * with the {@link Caller} it stands for until it expires: the one cache of verified callers. The hot path
 * pays for one RSA signature check and one reading of the claims per token rather than per request (reading a
 * custom claim of a SmallRye JWT principal costs an exception). The cache is keyed by the exact token string:
 * a tampered token is a different key and is verified anew.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser extends DefaultJWTParser {

    private final JWTAuthContextInfo context;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(JsonWebToken jwt, Caller caller) {
    }

    public CachingJwtParser(JwtKeys keys, TokenvaultConfig config) {
        this.context = new JWTAuthContextInfo(keys.verificationKey(), config.auth().issuer());
        this.context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        this.context.setExpectedAudience(Set.of(TokenIssuer.AUDIENCE));
        this.context.setRequireNamedPrincipal(true);
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
        JsonWebToken token = super.parse(bearerToken, context);
        if (verified.size() >= maxEntries) {
            verified.entrySet().removeIf(e -> e.getValue().jwt().getExpirationTime() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(bearerToken, new Verified(token, callerOf(token)));
        return token;
    }

    /** The caller a verified JWT stands for. */
    public Caller caller(JsonWebToken jwt) {
        Verified cached = jwt.getRawToken() == null ? null : verified.get(jwt.getRawToken());
        return cached != null ? cached.caller() : callerOf(jwt);
    }

    private static Caller callerOf(JsonWebToken jwt) {
        Object kind = jwt.getClaim(TokenIssuer.KIND_CLAIM);
        Caller.Kind parsed = kind == null ? Caller.Kind.USER : Caller.Kind.valueOf(kind.toString().toUpperCase());
        String name = jwt.getClaim("upn") != null ? jwt.getClaim("upn").toString() : jwt.getSubject();
        if (parsed == Caller.Kind.USER) {
            return Caller.user(jwt.getSubject(), name, jwt.getGroups() == null ? Set.of() : jwt.getGroups());
        }
        return new Caller(parsed, jwt.getSubject(), name, Set.of(), uuidClaim(jwt, TokenIssuer.OWNER_CLAIM),
                stringsClaim(jwt, TokenIssuer.CONNECTIONS_CLAIM));
    }

    private static UUID uuidClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        try {
            return value == null ? null : UUID.fromString(unquote(value.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> stringsClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof Collection<?> values) {
            return values.stream().map(v -> unquote(v.toString())).toList();
        }
        return List.of();
    }

    /** SmallRye JWT hands JSON string values inside arrays as JsonString, whose toString keeps the quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
