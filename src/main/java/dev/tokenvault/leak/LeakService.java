package dev.tokenvault.leak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.apikey.ApiKeyFormat;
import dev.tokenvault.apikey.ApiKeyRepository;
import dev.tokenvault.apikey.ApiKeyRepository.LeakedKey;
import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditView;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.leak.LeakReport.HandOut;
import dev.tokenvault.leak.LeakReport.Match;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.refresh.RefreshCoordinator;
import dev.tokenvault.refresh.UpstreamRevoker;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Finds what a leaked token is, and kills it. A token is known by its keyed fingerprint: the current access and
 * refresh token of every connection, every API key made since fingerprints exist (older keys by the key itself), and
 * every token the audit log recorded as handed out or issued by a refresh. Administrators see every project, project
 * owners their own; anyone else finds nothing. Both calls are audited with the fingerprint, never the token.
 */
@ApplicationScoped
public class LeakService {

    private static final Logger LOG = Logger.getLogger(LeakService.class);

    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String API_KEY = "api_key";
    /** The state reason of a connection whose leaked refresh token could not be replaced. */
    static final String LEAKED = "leaked";
    /** The audit events that say a connection handed out ({@code token.read}) or got ({@code token.refresh}) a token. */
    static final Set<String> TOKEN_EVENTS = Set.of("token.read", "token.refresh");
    /** At most this many audit events are read for one fingerprint. */
    static final int MAX_EVENTS = 1000;

    private final ConnectionStore connections;
    private final ApiKeyRepository keys;
    private final AuditService auditLog;
    private final AuditWriter audit;
    private final ProjectService projects;
    private final RefreshCoordinator refresher;
    private final UpstreamRevoker revoker;
    private final Sealer sealer;
    private final Fingerprinter fingerprinter;

    public LeakService(ConnectionStore connections, ApiKeyRepository keys, AuditService auditLog, AuditWriter audit,
            ProjectService projects, RefreshCoordinator refresher, UpstreamRevoker revoker, Sealer sealer,
            Fingerprinter fingerprinter) {
        this.connections = connections;
        this.keys = keys;
        this.auditLog = auditLog;
        this.audit = audit;
        this.projects = projects;
        this.refresher = refresher;
        this.revoker = revoker;
        this.sealer = sealer;
        this.fingerprinter = fingerprinter;
    }

    /** What the caller may see of what the token is or was. */
    public Uni<LeakReport> lookup(Caller caller, LeakQuery query, RequestInfo info) {
        LeakQuery checked = query.checked();
        String fingerprint = fingerprintOf(checked);
        return find(caller, checked, fingerprint)
                .call(found -> audit.record(AuditEvent.of("leak.lookup").actor(caller).request(info)
                        .fingerprint(fingerprint).success(200)))
                .map(found -> new LeakReport(fingerprint, found.matches()));
    }

    /**
     * Revokes every credential the token is that the caller may respond for: API keys at once, connection tokens at
     * the provider with a fresh pair in their place. {@code 404} when the caller may see none.
     */
    public Uni<RevokeReport> revoke(Caller caller, LeakQuery query, RequestInfo info) {
        LeakQuery checked = query.checked();
        String fingerprint = fingerprintOf(checked);
        return find(caller, checked, fingerprint)
                .invoke(found -> {
                    if (found.matches().isEmpty()) {
                        throw ApiException.notFound("credential with this token");
                    }
                })
                .flatMap(found -> Multi.createFrom().iterable(found.matches())
                        .onItem().transformToUniAndConcatenate(match -> revokeOne(caller, match, found, checked,
                                fingerprint, info))
                        .collect().asList())
                .map(results -> new RevokeReport(fingerprint, results));
    }

    // ------------------------------------------------------------------------------------------------ finding

    /** The visible matches, with the rows they were found from. */
    private record Found(List<Match> matches, Map<UUID, Connection> currentConnections) {
    }

    private String fingerprintOf(LeakQuery query) {
        return query.token() != null ? fingerprinter.fingerprint(query.token()) : query.fingerprint();
    }

    private Uni<Found> find(Caller caller, LeakQuery query, String fingerprint) {
        byte[] keyHash = query.token() != null && ApiKeyFormat.looksLikeKey(query.token())
                ? ApiKeyFormat.sha256(query.token()) : null;
        return visibleProjects(caller).flatMap(visible -> connections.findByFingerprint(fingerprint)
                .flatMap(current -> keys.findLeaked(keyHash, fingerprint)
                        .flatMap(leakedKeys -> auditLog.withFingerprint(fingerprint, MAX_EVENTS)
                                .map(events -> matches(visible, fingerprint, current, leakedKeys, events)))));
    }

    /** Null: every project (an administrator). */
    private Uni<Set<UUID>> visibleProjects(Caller caller) {
        if (caller.isUser() && caller.isAdmin()) {
            return Uni.createFrom().nullItem();
        }
        return projects.where(caller, Action.RESPOND_TO_LEAKS);
    }

    static Found matches(Set<UUID> visible, String fingerprint, List<Connection> current, List<LeakedKey> leakedKeys,
            List<AuditView> events) {
        Map<UUID, List<HandOut>> handOuts = new LinkedHashMap<>();
        Map<UUID, AuditView> firstEvent = new LinkedHashMap<>();
        for (AuditView e : events) {
            if (e.connectionId() == null || !TOKEN_EVENTS.contains(e.action())) {
                continue; // the leak calls themselves carry the fingerprint too
            }
            firstEvent.putIfAbsent(e.connectionId(), e);
            List<HandOut> list = handOuts.computeIfAbsent(e.connectionId(), id -> new ArrayList<>());
            if ("token.read".equals(e.action()) && "success".equals(e.outcome())) {
                list.add(handOut(e));
            }
        }
        List<Match> matches = new ArrayList<>();
        Map<UUID, Connection> byId = new LinkedHashMap<>();
        for (Connection c : current) {
            if (visible != null && !visible.contains(c.projectId)) {
                continue;
            }
            byId.put(c.id, c);
            String kind = fingerprint.equals(c.refreshFingerprint) ? REFRESH_TOKEN : ACCESS_TOKEN;
            matches.add(new Match(kind, c.projectId, c.id, null, c.provider, c.subject, true,
                    handOuts.getOrDefault(c.id, List.of())));
        }
        for (Map.Entry<UUID, AuditView> past : firstEvent.entrySet()) {
            AuditView e = past.getValue();
            if (byId.containsKey(past.getKey()) || (visible != null && !visible.contains(e.project()))) {
                continue;
            }
            matches.add(new Match(ACCESS_TOKEN, e.project(), past.getKey(), null, e.provider(), null, false,
                    handOuts.get(past.getKey())));
        }
        for (LeakedKey key : leakedKeys) {
            if (visible != null && !visible.contains(key.projectId())) {
                continue;
            }
            List<HandOut> created = events.stream()
                    .filter(e -> "api_key.create".equals(e.action()) && key.projectId().equals(e.project()))
                    .map(LeakService::handOut).toList();
            matches.add(new Match(API_KEY, key.projectId(), null, key.id(), null, null, true, created));
        }
        return new Found(matches, byId);
    }

    private static HandOut handOut(AuditView e) {
        return new HandOut(e.at(), new LeakReport.Actor(e.actor().kind(), e.actor().subject()), e.action(),
                e.appName(), e.purpose(), e.ip(), e.userAgent());
    }

    // ----------------------------------------------------------------------------------------------- revoking

    private Uni<RevokeReport.Result> revokeOne(Caller caller, Match match, Found found, LeakQuery query,
            String fingerprint, RequestInfo info) {
        Uni<RevokeReport.Result> done;
        if (API_KEY.equals(match.kind())) {
            done = keys.revokeLeaked(match.apiKeyId(), Map.of("reported_by", caller.auditSubject(), "source",
                    "leak.revoke"))
                    .map(revoked -> new RevokeReport.Result(API_KEY, match.project(), null, match.apiKeyId(), null,
                            revoked, false, false, null));
        } else if (match.current()) {
            done = revokeCurrent(caller, found.currentConnections().get(match.connectionId()), match.kind(), info);
        } else {
            done = revokePast(caller, match, query, info);
        }
        return done.call(result -> audit.record(AuditEvent.of("leak.revoke").actor(caller).request(info)
                .connection(match.connectionId(), match.project(), match.provider()).fingerprint(fingerprint)
                .success(200)));
    }

    /**
     * A connection's current token leaked: a fresh pair first (the old refresh token is still needed for it), then
     * both old tokens are revoked at the provider. A leaked refresh token the provider did not rotate cannot be
     * replaced: it is revoked and the connection needs a person ({@code NEEDS_REAUTH}, reason {@code leaked}). A
     * provider that is down answers {@code 503} before anything is revoked, so the call can simply be repeated.
     */
    private Uni<RevokeReport.Result> revokeCurrent(Caller caller, Connection leaked, String kind, RequestInfo info) {
        String oldAccess = sealer.openString(leaked.accessToken, leaked.accessTokenField());
        String oldRefresh = leaked.refreshToken == null ? null
                : sealer.openString(leaked.refreshToken, leaked.refreshTokenField());
        return freshPair(caller, leaked, info)
                .map(row -> Replacement.of(leaked, row, kind))
                .flatMap(outcome -> revokeOld(caller, leaked, kind, oldAccess, oldRefresh, outcome, info)
                        .flatMap(revokedUpstream -> settle(leaked, kind, outcome)
                                .call(now -> connections.announceLeak(leaked.id,
                                        details(kind, revokedUpstream, outcome.replaced())))
                                .map(now -> new RevokeReport.Result(kind, leaked.projectId, leaked.id, null,
                                        leaked.provider, false, revokedUpstream, outcome.replaced(),
                                        now == null ? null : now.state.name()))));
    }

    /** What a forced refresh left: the new row (null: none), and whether the leaked token is still in use. */
    record Replacement(Connection row, boolean refreshStays, boolean deadEnd) {
        static Replacement of(Connection leaked, Connection row, String kind) {
            boolean rotated = row != null && row.refreshFingerprint != null
                    && !row.refreshFingerprint.equals(leaked.refreshFingerprint);
            boolean refreshStays = leaked.refreshToken != null && row != null && !rotated;
            return new Replacement(row, refreshStays, row == null || (REFRESH_TOKEN.equals(kind) && refreshStays));
        }

        boolean replaced() {
            return row != null && !deadEnd;
        }
    }

    /** A fresh pair through the refresh pipeline; null when there is no refresh token or the provider refused it. */
    private Uni<Connection> freshPair(Caller caller, Connection leaked, RequestInfo info) {
        return leaked.refreshToken == null ? Uni.createFrom().nullItem()
                : refresher.refresh(leaked, RefreshCoordinator.Trigger.of(caller, info))
                        .onFailure(e -> e instanceof ApiException a && a.status() == 409).recoverWithNull();
    }

    /**
     * Revokes the old access token and, unless it is still the connection's own and did not leak, the old refresh
     * token; answers whether the provider confirmed the revocation of the leaked one.
     */
    private Uni<Boolean> revokeOld(Caller caller, Connection leaked, String kind, String oldAccess, String oldRefresh,
            Replacement outcome, RequestInfo info) {
        boolean refreshLeaked = REFRESH_TOKEN.equals(kind);
        Uni<Boolean> access = revoker.revoke(leaked, oldAccess, UpstreamRevoker.ACCESS_TOKEN, caller, info);
        Uni<Boolean> refresh = oldRefresh == null || (outcome.refreshStays() && !refreshLeaked)
                ? Uni.createFrom().item(false)
                : revoker.revoke(leaked, oldRefresh, UpstreamRevoker.REFRESH_TOKEN, caller, info);
        return access.flatMap(a -> refresh.map(r -> refreshLeaked ? r : a));
    }

    /** The connection as it stays: the new row, or NEEDS_REAUTH (reason {@code leaked}) when nothing could replace it. */
    private Uni<Connection> settle(Connection leaked, String kind, Replacement outcome) {
        return outcome.deadEnd()
                ? connections.recordNeedsReauth(leaked.id, LEAKED, "the stored " + kind.replace('_', ' ')
                        + " leaked and could not be replaced; reconnect")
                : Uni.createFrom().item(outcome.row());
    }

    /**
     * An access token the connection no longer holds: it can still work until it expires, so it is revoked at the
     * provider when the caller gave the token itself (a fingerprint alone cannot be revoked).
     */
    private Uni<RevokeReport.Result> revokePast(Caller caller, Match match, LeakQuery query, RequestInfo info) {
        Connection known = new Connection();
        known.id = match.connectionId();
        known.projectId = match.project();
        known.provider = match.provider();
        Uni<Boolean> revoked = query.token() == null ? Uni.createFrom().item(false)
                : revoker.revoke(known, query.token(), UpstreamRevoker.ACCESS_TOKEN, caller, info);
        return revoked.call(upstream -> connections.announceLeak(match.connectionId(),
                        details(ACCESS_TOKEN, upstream, false)))
                .invoke(upstream -> {
                    if (!upstream) {
                        LOG.infof("a past access token of connection %s was reported leaked and not revoked upstream",
                                match.connectionId());
                    }
                })
                .map(upstream -> new RevokeReport.Result(ACCESS_TOKEN, match.project(), match.connectionId(), null,
                        match.provider(), false, upstream, false, null));
    }

    private static Map<String, Object> details(String kind, boolean revokedUpstream, boolean replaced) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("revoked_upstream", revokedUpstream);
        details.put("replaced", replaced);
        return details;
    }
}
