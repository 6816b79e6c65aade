package dev.tokenvault.bench;

import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.tokenvault.identity.CachingJwtParser;
import dev.tokenvault.identity.JwtKeys;
import dev.tokenvault.identity.TokenIssuer;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;

/** Verifying a tokenvault JWT: a full RS256 check (uncached) and the hot path's verified-token cache. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtBenchmark {

    String jwt;
    CachingJwtParser cached;
    DefaultJWTParser uncached;
    JWTAuthContextInfo context;

    @Setup
    public void setUp() throws Exception {
        TokenvaultConfig config = new SmallRyeConfigBuilder().withMapping(TokenvaultConfig.class)
                .withDefaultValue("tokenvault.dev-keys", "true")
                .withDefaultValue("tokenvault.dev-keys-dir", "target/bench-keys").build()
                .getConfigMapping(TokenvaultConfig.class);
        JwtKeys keys = new JwtKeys(config);
        TokenIssuer issuer = new TokenIssuer(keys, config);
        jwt = Jwt.issuer(issuer.issuer()).audience("tokenvault").subject("3f1c8c1e-0000-4000-8000-000000000001")
                .upn("bench").groups("user").claim("kind", "user").expiresIn(3600).jws().keyId(keys.signingKeyId())
                .sign(keys.signingKey());
        cached = new CachingJwtParser(keys, issuer, config);
        context = new JWTAuthContextInfo(keys.verificationKey(), issuer.issuer());
        uncached = new DefaultJWTParser(context);
        cached.parse(jwt);
    }

    @Benchmark
    public JsonWebToken verifyUncached() throws Exception {
        return uncached.parse(jwt, context);
    }

    @Benchmark
    public JsonWebToken verifyCached() throws Exception {
        return cached.parse(jwt);
    }
}
