package dev.tokenvault.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.build.Jwt;

/**
 * Issues this service's RS256 JWTs: for users at login (bound to their session), and for workloads at token
 * exchange (bound to their binding). The issuer is the service's public URL unless configured otherwise; the
 * {@code kid} names the signing key, whose public half {@code GET /.well-known/jwks.json} publishes.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String AUDIENCE = "tokenvault";
    /** The kind of principal: {@code user} (absent means user) or {@code workload}. */
    public static final String KIND_CLAIM = "kind";
    /** User JWTs: the session the token belongs to. */
    public static final String SESSION_CLAIM = "sid";
    /** Workload JWTs: the project the workload acts in (for the reader; its scope is read from the binding). */
    public static final String PROJECT_CLAIM = "project";
    /** Workload JWTs: the binding that admitted the workload; deleting it ends the token. */
    public static final String BINDING_CLAIM = "binding";

    private final JwtKeys keys;
    private final TokenvaultConfig config;
    private final String issuer;

    public TokenIssuer(JwtKeys keys, TokenvaultConfig config) {
        this.keys = keys;
        this.config = config;
        this.issuer = config.auth().issuer().filter(s -> !s.isBlank())
                .orElse(config.publicUrl().replaceAll("/+$", ""));
    }

    /** The {@code iss} of every JWT this service issues and accepts. */
    public String issuer() {
        return issuer;
    }

    /** A user's JWT for one of their sessions: lives the user token TTL, never past the session's end. */
    public IssuedToken forUser(User user, UUID session, Instant sessionEnds) {
        Instant byTtl = Instant.now().plus(config.auth().userTokenTtl());
        Instant notAfter = sessionEnds.isBefore(byTtl) ? sessionEnds : byTtl;
        String jwt = Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(user.id.toString())
                .upn(user.username)
                .groups(user.roleSet())
                .claim(KIND_CLAIM, "user")
                .claim(SESSION_CLAIM, session.toString())
                .expiresAt(notAfter.getEpochSecond())
                .jws().keyId(keys.signingKeyId())
                .sign(keys.signingKey());
        return new IssuedToken(jwt, Math.max(0, Duration.between(Instant.now(), notAfter).toSeconds()));
    }

    /**
     * A workload's JWT after a token exchange: no roles, {@code kind=workload}, the owner whose connections it
     * reads and their ids, the binding that admitted it; it expires at {@code notAfter}.
     */
    /**
     * A workload JWT: it names the binding that admitted the workload, whose project and scope are read on each
     * request (deleting the binding ends the token).
     */
    public IssuedToken forWorkload(String subject, String name, UUID binding, UUID project, Instant notAfter) {
        long ttl = Math.max(0, Duration.between(Instant.now(), notAfter).toSeconds());
        String jwt = Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .upn(name)
                .claim(KIND_CLAIM, "workload")
                .claim(BINDING_CLAIM, binding.toString())
                .claim(PROJECT_CLAIM, project.toString())
                .expiresAt(notAfter.getEpochSecond())
                .jws().keyId(keys.signingKeyId())
                .sign(keys.signingKey());
        return new IssuedToken(jwt, ttl);
    }

    public record IssuedToken(String jwt, long expiresInSeconds) {
        @Override
        public String toString() {
            return "IssuedToken[expires_in=" + expiresInSeconds + "]";
        }
    }
}
