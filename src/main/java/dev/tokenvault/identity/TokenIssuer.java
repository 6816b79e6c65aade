package dev.tokenvault.identity;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.build.Jwt;

/** Issues this service's RS256 JWTs: for users at login (and, later, for workloads at token exchange). */
@ApplicationScoped
public class TokenIssuer {

    public static final String AUDIENCE = "tokenvault";

    private final JwtKeys keys;
    private final TokenvaultConfig config;

    public TokenIssuer(JwtKeys keys, TokenvaultConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public IssuedToken forUser(User user) {
        Duration ttl = config.auth().userTokenTtl();
        String jwt = Jwt.issuer(config.auth().issuer())
                .audience(AUDIENCE)
                .subject(user.id.toString())
                .upn(user.username)
                .groups(Set.copyOf(user.roleSet()))
                .claim(Caller.KIND_CLAIM, Caller.Kind.USER.wireName())
                .expiresIn(ttl)
                .jws().keyId("tokenvault")
                .sign(keys.signingKey());
        return new IssuedToken(jwt, ttl.toSeconds());
    }

    public record IssuedToken(String jwt, long expiresInSeconds) {
    }
}
