package dev.tokenvault.provider;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.crypto.SealedTable;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The owner of {@code providers}: every statement on the table is here, including the key-rotation statements
 * and the provider columns that the refresh pipeline reads together with a connection in one round trip.
 */
@ApplicationScoped
public class ProviderRepository implements PanacheRepositoryBase<Provider, UUID>, SealedTable {

    /**
     * The provider's columns for a statement that joins {@code providers p}, each named with a {@code p_}
     * prefix; {@link #fromJoinedRow} reads them back.
     */
    public static final String JOINED_COLUMNS = "p.id AS p_id, p.name AS p_name, p.token_url AS p_token_url, "
            + "p.revocation_url AS p_revocation_url, p.client_id AS p_client_id, p.client_secret AS p_client_secret, "
            + "p.auth_method AS p_auth_method, p.refresh_skew_seconds AS p_refresh_skew_seconds, "
            + "p.rotates_refresh_tokens AS p_rotates_refresh_tokens, p.template AS p_template, p.kind AS p_kind, "
            + "p.quirks AS p_quirks, p.access_token_lifetime_seconds AS p_access_token_lifetime_seconds, "
            + "p.refresh_token_inactivity_seconds AS p_refresh_token_inactivity_seconds, "
            + "p.refresh_token_lifetime_seconds AS p_refresh_token_lifetime_seconds, "
            + "p.refresh_token_expires_in_field AS p_refresh_token_expires_in_field, "
            + "p.token_response_path AS p_token_response_path, p.metadata_fields AS p_metadata_fields, "
            + "p.reauth_errors AS p_reauth_errors, p.validation_method AS p_validation_method, "
            + "p.validation_url AS p_validation_url, p.validation_auth AS p_validation_auth, "
            + "p.validation_status AS p_validation_status";

    private final Pool pool;

    public ProviderRepository(Pool pool) {
        this.pool = pool;
    }

    @WithSession
    public Uni<Provider> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<List<Provider>> listByName() {
        return listAll(Sort.by("name"));
    }

    /** Refresh skew per provider name, for deriving the status of many connections at once. */
    @WithSession
    public Uni<Map<String, Integer>> skews() {
        return listAll().map(all -> {
            Map<String, Integer> skew = new HashMap<>();
            all.forEach(p -> skew.put(p.name, p.refreshSkewSeconds));
            return skew;
        });
    }

    @WithTransaction
    public Uni<Provider> add(Provider provider) {
        return persistAndFlush(provider);
    }

    /** Applies {@code change} to the named provider and writes it; null when there is none. */
    @WithTransaction
    public Uni<Provider> change(String name, java.util.function.Consumer<Provider> change) {
        return findByName(name).call(provider -> {
            if (provider == null) {
                return Uni.createFrom().nullItem();
            }
            change.accept(provider);
            return flush();
        });
    }

    /** Deletes the named provider; false when there is none. A provider still in use fails (foreign key). */
    @WithTransaction
    public Uni<Boolean> remove(String name) {
        return findByName(name).flatMap(provider -> provider == null ? Uni.createFrom().item(false)
                : delete(provider).call(this::flush).replaceWith(true));
    }

    /** Reads the provider columns of a row selected with {@link #JOINED_COLUMNS}. */
    public static Provider fromJoinedRow(Row r) {
        Provider p = new Provider();
        p.id = r.getUUID("p_id");
        p.name = r.getString("p_name");
        p.tokenUrl = r.getString("p_token_url");
        p.revocationUrl = r.getString("p_revocation_url");
        p.clientId = r.getString("p_client_id");
        var secret = r.getBuffer("p_client_secret");
        p.clientSecret = secret == null ? null : secret.getBytes();
        p.authMethod = r.getString("p_auth_method");
        p.refreshSkewSeconds = r.getInteger("p_refresh_skew_seconds");
        p.rotatesRefreshTokens = r.getBoolean("p_rotates_refresh_tokens");
        p.template = r.getString("p_template");
        p.kind = r.getString("p_kind");
        p.quirks = r.getString("p_quirks");
        p.accessTokenLifetimeSeconds = r.getInteger("p_access_token_lifetime_seconds");
        p.refreshTokenInactivitySeconds = r.getInteger("p_refresh_token_inactivity_seconds");
        p.refreshTokenLifetimeSeconds = r.getInteger("p_refresh_token_lifetime_seconds");
        p.refreshTokenExpiresInField = r.getString("p_refresh_token_expires_in_field");
        p.tokenResponsePath = r.getString("p_token_response_path");
        p.metadataFields = r.getString("p_metadata_fields");
        p.reauthErrors = r.getString("p_reauth_errors");
        p.validationMethod = r.getString("p_validation_method");
        p.validationUrl = r.getString("p_validation_url");
        p.validationAuth = r.getString("p_validation_auth");
        p.validationStatus = r.getString("p_validation_status");
        return p;
    }

    // ------------------------------------------------------------------------------------- key rotation
    // One raw statement per row with a compare-and-swap on the key id: an ORM flush of a stale entity could
    // overwrite a concurrent update.

    @Override
    public String name() {
        return Provider.TABLE;
    }

    @Override
    public Uni<Map<String, Long>> rowsPerKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM providers GROUP BY key_id").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
            return counts;
        });
    }

    @Override
    public Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit) {
        return pool.preparedQuery("SELECT id, key_id, client_secret FROM providers WHERE key_id <> $1 AND id > $2 "
                + "ORDER BY id LIMIT $3").execute(Tuple.of(keyId, after, limit))
                .map(rows -> {
                    List<SealedRow> sealed = new java.util.ArrayList<>();
                    rows.forEach(row -> {
                        Map<String, byte[]> columns = new java.util.HashMap<>(); // an api_key provider has no secret
                        var secret = row.getBuffer("client_secret");
                        columns.put("client_secret", secret == null ? null : secret.getBytes());
                        sealed.add(new SealedRow(row.getUUID("id"), row.getString("key_id"), 0, columns));
                    });
                    return sealed;
                });
    }

    @Override
    public Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId) {
        return pool.preparedQuery("UPDATE providers SET key_id = $3, client_secret = $4 WHERE id = $1 AND key_id = $2")
                .execute(Tuple.from(java.util.Arrays.asList(row.id(), row.keyId(), keyId,
                        resealed.get("client_secret") == null ? null : Buffer.buffer(resealed.get("client_secret")))))
                .map(result -> result.rowCount() == 1);
    }
}
