package dev.tokenvault.identity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Turns an API key into a principal with one indexed lookup of its SHA-256 on every request, so a revoked
 * key stops working at once on every replica (nothing is cached). Uses the raw reactive client: it runs in
 * the authentication layer, before any Hibernate session exists, and needs one round trip.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    static final String FIND = """
            SELECT id, owner_id, prefix, connection_ids, expires_at, last_used_at FROM api_keys WHERE key_hash = $1""";
    static final String TOUCH = "UPDATE api_keys SET last_used_at = $2 WHERE id = $1";
    /** last_used_at is written at most once a minute per key, so reads stay reads. */
    static final long TOUCH_EVERY_SECONDS = 60;

    private final Pool pool;

    public ApiKeyIdentityProvider(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return pool.preparedQuery(FIND).execute(Tuple.of(Buffer.buffer(request.key().hash())))
                .map(ApiKeyIdentityProvider::liveKey)
                .invoke(this::touch)
                .map(ApiKeyIdentityProvider::identity);
    }

    private static Row liveKey(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new AuthenticationFailedException("unknown API key");
        }
        Row row = rows.iterator().next();
        OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            throw new AuthenticationFailedException("expired API key");
        }
        return row;
    }

    private void touch(Row row) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime last = row.getOffsetDateTime("last_used_at");
        if (last != null && last.isAfter(now.minusSeconds(TOUCH_EVERY_SECONDS))) {
            return;
        }
        pool.preparedQuery(TOUCH).execute(Tuple.of(row.getUUID("id"), now)).subscribe().with(
                ignored -> {
                }, failure -> LOG.debugf("last_used_at of an API key not written: %s", failure.getClass().getSimpleName()));
    }

    private static SecurityIdentity identity(Row row) {
        List<String> connections = splitIds(row.getString("connection_ids"));
        ApiKeyPrincipal principal = new ApiKeyPrincipal(row.getUUID("id"), row.getString("prefix"),
                row.getUUID("owner_id"), connections);
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).build();
    }

    static List<String> splitIds(String ids) {
        return ids == null || ids.isBlank() ? List.of() : Arrays.asList(ids.trim().split("\\s+"));
    }
}
