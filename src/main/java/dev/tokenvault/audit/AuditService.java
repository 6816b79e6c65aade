package dev.tokenvault.audit;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/**
 * Reads the audit log, newest first, as far as the reader may see it ({@link Visibility}: the packages above
 * decide who sees what).
 */
@ApplicationScoped
public class AuditService {

    private final AuditRepository events;

    public AuditService(AuditRepository events) {
        this.events = events;
    }

    /**
     * What a reader sees: everything ({@code all}), or the events of these projects and the actions of this
     * actor (kind and subject as the log names them).
     */
    public record Visibility(boolean all, Set<UUID> projects, String actorKind, String actorSubject) {
        public static Visibility everything() {
            return new Visibility(true, Set.of(), null, null);
        }
    }

    public Uni<Page<AuditView>> query(Visibility visibility, AuditQuery filter, PageRequest page) {
        List<String> where = AuditRepository.newWhere();
        Parameters params = new Parameters();
        if (!visibility.all()) {
            String own = "(actorKind = :kind and actorSubject = :name)";
            params.and("kind", visibility.actorKind()).and("name", visibility.actorSubject());
            if (visibility.projects().isEmpty()) {
                where.add(own);
            } else {
                where.add("(projectId in :visible or " + own + ")");
                params.and("visible", visibility.projects());
            }
        }
        add(where, params, "projectId", filter.project());
        add(where, params, "connectionId", filter.connectionId());
        add(where, params, "actorSubject", filter.actor());
        add(where, params, "action", filter.action());
        add(where, params, "outcome", filter.outcome());
        if (filter.since() != null) {
            where.add("at >= :since");
            params.and("since", filter.since());
        }
        if (filter.until() != null) {
            where.add("at < :until");
            params.and("until", filter.until());
        }
        if (page.after() != null) {
            where.add("(at < :cursorAt or (at = :cursorAt and id < :cursorId))");
            params.and("cursorAt", page.after().at()).and("cursorId", page.after().id());
        }
        return events.newestFirst(where, params, page.size() + 1)
                .map(rows -> Page.of(rows, page.size(), r -> new Cursor(r.at, r.id), AuditView::of));
    }

    /** The last {@code limit} events of {@code action} on a connection, newest first (e.g. its refresh history). */
    public Uni<List<AuditView>> recent(UUID connectionId, String action, int limit) {
        return events.recent(connectionId, action, limit).map(rows -> rows.stream().map(AuditView::of).toList());
    }

    /**
     * The events that carry this token fingerprint, oldest first, at most {@code limit}: every hand-out of the token
     * ({@code token.read}), its issue by a refresh ({@code token.refresh}), an API key's creation.
     */
    public Uni<List<AuditView>> withFingerprint(String fingerprint, int limit) {
        return events.withFingerprint(fingerprint, limit).map(rows -> rows.stream().map(AuditView::of).toList());
    }

    private static void add(List<String> where, Parameters params, String field, Object value) {
        if (value != null) {
            where.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
