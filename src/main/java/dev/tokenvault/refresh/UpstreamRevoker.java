package dev.tokenvault.refresh;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionDeleted;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;

/**
 * Revokes a deleted connection's token at its provider (RFC 7009), when the provider has a
 * {@code revocation_url}: the refresh token if there is one, else the access token. Best effort: the
 * outcome is audited as {@code token.revoke_upstream} and a failure never blocks the local delete.
 */
@ApplicationScoped
public class UpstreamRevoker {

    private static final Logger LOG = Logger.getLogger(UpstreamRevoker.class);
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final ProviderRepository providers;
    private final ProviderTokenClient client;
    private final Sealer sealer;
    private final AuditWriter audit;

    public UpstreamRevoker(ProviderRepository providers, ProviderTokenClient client, Sealer sealer, AuditWriter audit) {
        this.providers = providers;
        this.client = client;
        this.sealer = sealer;
        this.audit = audit;
    }

    /** After a local delete has committed, revoke what it held (the delete's answer waits for it, at most 10 s). */
    void onDeleted(@Observes ConnectionDeleted deleted) {
        deleted.then(() -> revoke(deleted.connection(), deleted.caller(), deleted.request()));
    }

    /** Never fails. */
    Uni<Void> revoke(Connection deleted, Caller caller, RequestInfo info) {
        boolean useRefresh = deleted.refreshToken != null;
        return Uni.createFrom().item(() -> useRefresh
                ? sealer.openString(deleted.refreshToken, deleted.refreshTokenField())
                : sealer.openString(deleted.accessToken, deleted.accessTokenField()))
                .flatMap(token -> revoke(deleted, token, useRefresh ? REFRESH_TOKEN : ACCESS_TOKEN, caller, info))
                .onFailure().recoverWithItem(false)
                .replaceWithVoid();
    }

    public static final String ACCESS_TOKEN = "access_token";
    public static final String REFRESH_TOKEN = "refresh_token";

    /**
     * Revokes one token of the connection at its provider ({@code hint}: {@link #ACCESS_TOKEN} or
     * {@link #REFRESH_TOKEN}), audited as {@code token.revoke_upstream}. Answers whether the provider confirmed;
     * false when it has no revocation endpoint, refused or could not be reached. Never fails.
     */
    public Uni<Boolean> revoke(Connection connection, String token, String hint, Caller caller, RequestInfo info) {
        return providers.findByName(connection.provider)
                .flatMap(provider -> provider == null || provider.revocationUrl == null
                        ? Uni.createFrom().item(false)
                        : revokeAt(provider, connection, token, hint, caller, info))
                .onFailure().invoke(e -> LOG.warnf("upstream revocation for connection %s failed: %s", connection.id,
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithItem(false);
    }

    private Uni<Boolean> revokeAt(Provider provider, Connection connection, String token, String hint, Caller caller,
            RequestInfo info) {
        String secret = sealer.openString(provider.clientSecret, provider.clientSecretField());
        AuditEvent event = AuditEvent.of("token.revoke_upstream").actor(caller).request(info)
                .connection(connection.id, connection.projectId, connection.provider);
        return client.revoke(provider, secret, token, hint)
                .ifNoItem().after(LIMIT).fail()
                .map(ignored -> event.success(200))
                .onFailure().recoverWithItem(e -> event.failure(502,
                        e instanceof ProviderError pe ? pe.code() : "unreachable"))
                .flatMap(recorded -> audit.record(recorded).map(ignored -> "success".equals(recorded.outcome)));
    }
}
