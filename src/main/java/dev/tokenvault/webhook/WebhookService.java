package dev.tokenvault.webhook;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.outbox.Outbox;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * A project's webhook endpoints: register (the signing secret is shown once and kept sealed), list, change,
 * delete, ping, and the log of delivery attempts. Owners and members manage them; viewers and administrators see
 * them.
 */
@ApplicationScoped
public class WebhookService {

    static final int MAX_ENDPOINTS = 20;
    static final Set<String> EVENTS = Set.of(Outbox.CONNECTION_CREATED, Outbox.CONNECTION_DELETED,
            Outbox.CONNECTION_NEEDS_REAUTH, Outbox.CONNECTION_REFRESH_FAILED, Outbox.CONNECTION_RECOVERED,
            Outbox.CONNECTION_REAUTH_DUE, Outbox.API_KEY_EXPIRING, Outbox.API_KEY_LEAKED, Outbox.CONNECTION_LEAKED,
            Outbox.PING);

    private final WebhookEndpointRepository endpoints;
    private final DeliveryStore deliveries;
    private final ProjectService projects;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final TokenvaultConfig config;

    public WebhookService(WebhookEndpointRepository endpoints, DeliveryStore deliveries, ProjectService projects,
            Sealer sealer, Keyring keyring, AuditWriter audit, TokenvaultConfig config) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.projects = projects;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
        this.config = config;
    }

    public record NewWebhook(String url, List<String> events, String description) {
    }

    public record WebhookChange(Boolean enabled, List<String> events, String url, String description) {
    }

    public record Pinged(UUID eventId) {
    }

    public Uni<WebhookView> create(Caller caller, String project, NewWebhook request, RequestInfo info) {
        String url = SafeTargets.checkedUrl(request.url(), config.allowInsecureUrls());
        String events = checkedEvents(request.events());
        String description = Validation.line(request.description(), "description", 200, false);
        return projects.require(caller, project, Action.MANAGE_WEBHOOKS)
                .call(s -> endpoints.listInProject(s.id()).invoke(existing -> {
                    if (existing.size() >= MAX_ENDPOINTS) {
                        throw ApiException.conflict("a project has at most " + MAX_ENDPOINTS + " webhook endpoints");
                    }
                }))
                .flatMap(s -> {
                    String secret = WebhookSignature.newSecret();
                    WebhookEndpoint e = new WebhookEndpoint();
                    e.id = UUID.randomUUID();
                    e.projectId = s.id();
                    e.url = url;
                    e.events = events;
                    e.description = description;
                    e.enabled = true;
                    e.keyId = keyring.primaryId();
                    e.secret = sealer.seal(secret, e.secretField());
                    e.createdAt = Instant.now();
                    e.updatedAt = e.createdAt;
                    return endpoints.add(e)
                            .call(saved -> audit.record(AuditEvent.of("webhook.create").actor(caller).request(info)
                                    .project(s.id()).success(201)))
                            .map(saved -> WebhookView.created(saved, secret));
                });
    }

    public Uni<Page<WebhookView>> list(Caller caller, String project) {
        return projects.require(caller, project, Action.VIEW_WEBHOOKS)
                .flatMap(s -> endpoints.listInProject(s.id()))
                .map(all -> new Page<>(all.stream().map(WebhookView::of).toList(), null));
    }

    public Uni<WebhookView> get(Caller caller, String project, UUID id) {
        return projects.require(caller, project, Action.VIEW_WEBHOOKS)
                .flatMap(s -> endpoints.findInProject(id, s.id()))
                .onItem().ifNull().failWith(() -> ApiException.notFound("webhook"))
                .map(WebhookView::of);
    }

    /** Changes an endpoint; enabling one that was disabled starts its count of failed events again. */
    public Uni<WebhookView> change(Caller caller, String project, UUID id, WebhookChange request, RequestInfo info) {
        String url = request.url() == null ? null : SafeTargets.checkedUrl(request.url(), config.allowInsecureUrls());
        String events = request.events() == null ? null : checkedEvents(request.events());
        String description = Validation.line(request.description(), "description", 200, false);
        return projects.require(caller, project, Action.MANAGE_WEBHOOKS)
                .flatMap(s -> endpoints.change(id, s.id(), e -> {
                    if (url != null) {
                        e.url = url;
                    }
                    if (events != null) {
                        e.events = events;
                    }
                    if (description != null) {
                        e.description = description;
                    }
                    if (request.enabled() != null) {
                        if (request.enabled() && !e.enabled) {
                            e.failedEvents = 0;
                            e.disabledReason = null;
                        } else if (!request.enabled() && e.enabled) {
                            e.disabledReason = "disabled by " + caller.auditSubject();
                        }
                        e.enabled = request.enabled();
                    }
                })
                        .onItem().ifNull().failWith(() -> ApiException.notFound("webhook"))
                        .call(e -> audit.record(AuditEvent.of("webhook.update").actor(caller).request(info)
                                .project(s.id()).success(200))))
                .map(WebhookView::of);
    }

    public Uni<Void> delete(Caller caller, String project, UUID id, RequestInfo info) {
        return projects.require(caller, project, Action.MANAGE_WEBHOOKS)
                .flatMap(s -> endpoints.removeInProject(id, s.id())
                        .invoke(deleted -> {
                            if (!deleted) {
                                throw ApiException.notFound("webhook");
                            }
                        })
                        .call(ignored -> audit.record(AuditEvent.of("webhook.delete").actor(caller).request(info)
                                .project(s.id()).success(204))))
                .replaceWithVoid();
    }

    /** A {@code ping} event to this endpoint alone, delivered like any other (enabled or not, it is tried). */
    public Uni<Pinged> ping(Caller caller, String project, UUID id) {
        return projects.require(caller, project, Action.MANAGE_WEBHOOKS)
                .flatMap(s -> endpoints.findInProject(id, s.id())
                        .onItem().ifNull().failWith(() -> ApiException.notFound("webhook"))
                        .flatMap(e -> deliveries.ping(e.id, new JsonObject().put("project", s.id().toString())
                                .put("webhook_id", e.id.toString()))))
                .map(Pinged::new);
    }

    public Uni<Page<DeliveryStore.Attempt>> deliveries(Caller caller, String project, UUID id, PageRequest page) {
        return projects.require(caller, project, Action.VIEW_WEBHOOKS)
                .flatMap(s -> endpoints.findInProject(id, s.id()))
                .onItem().ifNull().failWith(() -> ApiException.notFound("webhook"))
                .flatMap(e -> deliveries.attempts(e.id, page))
                .map(rows -> Page.of(rows, page.size(), a -> new Cursor(a.at(), a.id()), a -> a));
    }

    static String checkedEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.invalidRequest("field 'events' must name at least one event type, or [\"*\"]");
        }
        if (events.equals(List.of("*"))) {
            return "*";
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || !EVENTS.contains(event)) {
                throw ApiException.invalidRequest("field 'events' may hold " + String.join(", ", EVENTS.stream()
                        .sorted().toList()) + ", or only \"*\"");
            }
            checked.add(event);
        }
        return String.join(" ", checked);
    }
}
