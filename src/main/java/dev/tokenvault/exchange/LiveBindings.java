package dev.tokenvault.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.tokenvault.connection.ConnectionScope;
import dev.tokenvault.identity.CachingJwtParser;
import dev.tokenvault.identity.TokenClaims;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Permission;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a workload's JWT into its {@link Caller}: it acts in its binding's project, reading tokens, within the
 * binding's providers and connections. The JWT counts only while that binding exists: deleting a binding ends the
 * workload tokens issued through it, on every replica within {@code session-cache-ttl} (what a replica read about
 * a binding is trusted that long) and at once on the replica that deleted it.
 */
@ApplicationScoped
public class LiveBindings implements SecurityIdentityAugmentor {

    static final int MAX_CACHED = 100_000;

    private final BindingRepository bindings;
    private final CachingJwtParser tokens;
    private final Clock clock;
    private final Duration ttl;
    private final Map<UUID, Read> cache = new ConcurrentHashMap<>();

    /** What was read about a binding, and when; {@code reach} is null when it does not exist. */
    private record Read(BindingRepository.Reach reach, Instant at) {
    }

    public LiveBindings(BindingRepository bindings, CachingJwtParser tokens, Clock clock, TokenvaultConfig config) {
        this.bindings = bindings;
        this.tokens = tokens;
        this.clock = clock;
        this.ttl = config.auth().sessionCacheTtl();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        TokenClaims claims = tokens.claims(jwt);
        if (claims.kind() != Caller.Kind.WORKLOAD) {
            return Uni.createFrom().item(identity);
        }
        if (claims.binding() == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("a workload token without a binding"));
        }
        return reach(claims.binding()).map(reach -> {
            if (reach == null) {
                throw new AuthenticationFailedException("the binding was deleted");
            }
            Caller caller = Caller.machine(Caller.Kind.WORKLOAD, claims.subject(), claims.name(),
                    new Caller.Scope(reach.project(), Set.of(Permission.TOKENS_READ),
                            ConnectionScope.splitProviders(reach.providers()),
                            ConnectionScope.splitIds(reach.connectionIds())));
            return QuarkusSecurityIdentity.builder(identity).addAttribute(Caller.ATTRIBUTE, caller).build();
        });
    }

    /** What the binding reaches (null: deleted), as this replica last read it within the cache lifetime. */
    Uni<BindingRepository.Reach> reach(UUID binding) {
        Instant now = clock.instant();
        Read cached = cache.get(binding);
        if (cached != null && cached.at().plus(ttl).isAfter(now)) {
            return Uni.createFrom().item(cached.reach());
        }
        return bindings.reach(binding).invoke(reach -> {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(binding, new Read(reach, now));
        });
    }

    /** The binding was deleted here: its tokens stop working on this replica at once. */
    void forget(UUID binding) {
        cache.put(binding, new Read(null, clock.instant()));
    }
}
