package dev.tokenvault.refresh;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionService;
import dev.tokenvault.connection.ConnectionStatus;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.project.Action;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;

/**
 * Asks a provider whether a stored credential still works, with the validation request of the provider's catalog
 * entry (e.g. CircleCI's {@code GET /api/v2/me} with the token in {@code Circle-Token}): now, for
 * {@code POST /v1/connections/{id}/check}, and on schedule for every stored static credential once per
 * {@code tokenvault.check.interval}. A status the entry lists means valid; 401 or 403 turns the connection
 * NEEDS_REAUTH (reason {@value #REFUSED}); anything else (the service down, a redirect, a time-out) tells nothing and
 * changes nothing. Audited as {@code connection.check}; the token goes only into the request's header, never into a
 * log, an error or the audit log, and the answer's body is not read.
 */
@ApplicationScoped
public class CredentialCheck {

    private static final Logger LOG = Logger.getLogger(CredentialCheck.class);
    static final String JOB = "tokenvault-credential-checks";
    /** The reason of a connection whose credential the provider refused. */
    public static final String REFUSED = "credential_refused";

    /** What a check found: {@code valid}, {@code refused} or {@code inconclusive}, and the connection's state after. */
    @Schema(name = "CredentialCheckResult")
    public record Result(UUID connectionId,
            @Schema(enumeration = { "valid", "refused", "inconclusive" }) String outcome, Integer statusCode,
            Instant checkedAt, ConnectionStatus status, String reason) {
    }

    private final WebClient client;
    private final long timeoutMillis;
    private final ConnectionService connections;
    private final ConnectionStore store;
    private final ProviderRepository providers;
    private final Sealer sealer;
    private final AuditWriter audit;
    private final TokenvaultConfig.Check config;

    public CredentialCheck(Vertx vertx, TokenvaultConfig config, ConnectionService connections, ConnectionStore store,
            ProviderRepository providers, Sealer sealer, AuditWriter audit) {
        this.connections = connections;
        this.store = store;
        this.providers = providers;
        this.sealer = sealer;
        this.audit = audit;
        this.config = config.check();
        this.timeoutMillis = config.refresh().readTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.refresh().connectTimeout().toMillis())
                .setUserAgent("tokenvault").setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** {@code POST /v1/connections/{id}/check}: a connection the caller may change (a member, or a key with connections:write), checked now. */
    public Uni<Result> check(Caller caller, UUID id, RequestInfo info) {
        return connections.load(caller, id, Action.WRITE_CONNECTIONS)
                .flatMap(c -> providers.findByName(c.provider).flatMap(p -> {
                    if (p == null || !p.hasValidation()) {
                        return Uni.createFrom().failure(ApiException.conflict("provider '" + c.provider
                                + "' has no validation request to check a credential with"));
                    }
                    if (c.accessToken == null) {
                        return Uni.createFrom().failure(ApiException.conflict("no token is stored to check"));
                    }
                    if (c.expiresAt != null && !c.expiresAt.isAfter(Instant.now())) {
                        return Uni.createFrom().failure(ApiException.conflict("the stored access token has expired: "
                                + "reading the token (GET /v1/connections/" + id + "/token) refreshes it"));
                    }
                    return run(c, p, AuditEvent.of("connection.check").actor(caller).request(info));
                }));
    }

    /** Schedules a round every ten minutes, when enabled; each round checks what is due. */
    void schedule(@Observes StartupEvent event, Scheduler scheduler) {
        if (!config.schedulerEnabled()) {
            return;
        }
        scheduler.newJob(JOB).setInterval("10m").setDelayed("1m")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> runOnce()
                        .onFailure().invoke(e -> LOG.warnf("credential check round failed: %s",
                                e.getClass().getSimpleName()))
                        .onFailure().recoverWithNull().replaceWithVoid())
                .schedule();
    }

    /** One round: claims the credentials due (no other replica gets them) and checks them; how many were checked. */
    public Uni<Integer> runOnce() {
        return store.claimChecks(config.batch(), config.interval()).flatMap(due -> due.isEmpty()
                ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(due)
                        .onItem().transformToUni(row -> run(row.connection(), row.provider(),
                                AuditEvent.of("connection.check").actor("system", "scheduler"))
                                .onFailure().recoverWithNull())
                        .merge(4).collect().asList().map(List::size));
    }

    private Uni<Result> run(Connection c, Provider p, AuditEvent event) {
        event.connection(c.id, c.projectId, c.provider);
        String token = sealer.openString(c.accessToken, c.accessTokenField());
        return Uni.createFrom().deferred(() -> request(p, token).send())
                .map(response -> response.statusCode())
                .onFailure().recoverWithItem(failure -> -1)
                .flatMap(status -> {
                    if (p.validStatuses().contains(status)) {
                        return store.recordCheckPassed(c.id, REFUSED)
                                .invoke(ignored -> event.success(200))
                                .map(row -> result(row, p, "valid", status));
                    }
                    if (status == 401 || status == 403) {
                        return store.recordCheckRefused(c.id, REFUSED, "the provider answered " + status
                                + " to the credential check: store or connect a new credential")
                                .invoke(ignored -> event.failure(409, REFUSED))
                                .map(row -> result(row, p, "refused", status));
                    }
                    return store.recordCheckInconclusive(c.id)
                            .invoke(ignored -> event.failure(503, status < 0 ? "unreachable" : "http_" + status))
                            .map(row -> result(row, p, "inconclusive", status < 0 ? null : status));
                })
                .onItem().ifNull().failWith(() -> ApiException.notFound("connection"))
                .call(result -> audit.record(event));
    }

    /** The validation request with the token where the entry says (its only use of the token). */
    private HttpRequest<Void> request(Provider p, String token) {
        HttpRequest<Void> request = client.requestAbs(HttpMethod.valueOf(p.validationMethod), p.validationUrl)
                .timeout(timeoutMillis).putHeader("Accept", "application/json").as(BodyCodec.none());
        if ("bearer".equals(p.validationAuth)) {
            request.putHeader("Authorization", "Bearer " + token);
        } else {
            request.putHeader(p.validationAuth.substring("header:".length()), token);
        }
        return request;
    }

    private static Result result(Connection row, Provider p, String outcome, Integer status) {
        return row == null ? null // deleted meanwhile
                : new Result(row.id, outcome, status, row.lastCheckedAt,
                        ConnectionStatus.of(row, p.refreshSkewSeconds, Instant.now()), row.stateReason);
    }
}
