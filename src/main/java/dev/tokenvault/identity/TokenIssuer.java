package dev.tokenvault.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.build.Jwt;

/** Issues this service's RS256 JWTs: for users at login, and for workloads at token exchange. */
@ApplicationScoped
public class TokenIssuer {

    public static final String AUDIENCE = "tokenvault";
    /** The kind of principal: {@code user} (absent means user) or {@code workload}. */
    public static final String KIND_CLAIM = "kind";
    /** Workload JWTs: the user whose connections the workload may read. */
    public static final String OWNER_CLAIM = "owner";
    /** Workload JWTs: the ids of the connections the workload may read. */
    public static final String CONNECTIONS_CLAIM = "connections";

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
                .claim(KIND_CLAIM, Caller.Kind.USER.wireName())
                .expiresIn(ttl)
                .jws().keyId("tokenvault")
                .sign(keys.signingKey());
        return new IssuedToken(jwt, ttl.toSeconds());
    }

    /**
     * A workload's JWT after a token exchange: no roles, {@code kind=workload}, the owner whose connections it
     * reads and their ids, the binding that admitted it; it expires at {@code notAfter}.
     */
    public IssuedToken forWorkload(String subject, String name, UUID owner, UUID binding, List<String> connections,
            Instant notAfter) {
        long ttl = Math.max(0, Duration.between(Instant.now(), notAfter).toSeconds());
        String jwt = Jwt.issuer(config.auth().issuer())
                .audience(AUDIENCE)
                .subject(subject)
                .upn(name)
                .claim(KIND_CLAIM, Caller.Kind.WORKLOAD.wireName())
                .claim(OWNER_CLAIM, owner.toString())
                .claim(CONNECTIONS_CLAIM, connections)
                .claim("binding", binding.toString())
                .expiresAt(notAfter.getEpochSecond())
                .jws().keyId("tokenvault")
                .sign(keys.signingKey());
        return new IssuedToken(jwt, ttl);
    }

    public record IssuedToken(String jwt, long expiresInSeconds) {
    }
}
