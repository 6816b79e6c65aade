package dev.tokenvault.connection;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ConnectionRepository implements PanacheRepositoryBase<Connection, UUID> {

    /** The derived status in SQL; keep in step with {@link ConnectionStatus#of}. */
    static final String STATUS_SQL = """
            CASE WHEN c.state IN ('NEEDS_REAUTH', 'REVOKED') THEN c.state
                 WHEN c.access_token IS NULL THEN 'NO_TOKEN'
                 WHEN c.state = 'ERROR' THEN 'ERROR'
                 WHEN c.expires_at IS NULL THEN 'VALID'
                 WHEN c.expires_at <= now() THEN 'EXPIRED'
                 WHEN c.expires_at <= now() + make_interval(secs => p.refresh_skew_seconds) THEN 'EXPIRING'
                 ELSE 'VALID' END""";

    /** One primary-key read, scoped to the owner: another user's id is simply not found. */
    public Uni<Connection> findOwned(UUID id, UUID ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    /** How many of these ids are the owner's connections (bindings and API keys may name only those). */
    public Uni<Long> countOwned(UUID ownerId, Collection<UUID> ids) {
        return count("ownerId = ?1 and id in ?2", ownerId, ids);
    }

    public Uni<Connection> findFirstForProvider(UUID ownerId, String provider) {
        return find("ownerId = ?1 and provider = ?2 order by createdAt, id", ownerId, provider).firstResult();
    }

    /** The owner's connections in creation order, optionally filtered by provider and derived status. */
    public Uni<List<Connection>> listOwned(UUID ownerId, String provider, ConnectionStatus status, PageRequest page) {
        StringBuilder sql = new StringBuilder(
                "SELECT c.* FROM connections c JOIN providers p ON p.name = c.provider WHERE c.owner_id = :owner");
        if (provider != null) {
            sql.append(" AND c.provider = :provider");
        }
        if (status != null) {
            sql.append(" AND (").append(STATUS_SQL).append(") = :status");
        }
        if (page.after() != null) {
            sql.append(" AND (c.created_at, c.id) > (:at, :id)");
        }
        sql.append(" ORDER BY c.created_at, c.id LIMIT :limit");
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), Connection.class)
                    .setParameter("owner", ownerId)
                    .setParameter("limit", page.size() + 1);
            if (provider != null) {
                query.setParameter("provider", provider);
            }
            if (status != null) {
                query.setParameter("status", status.name());
            }
            if (page.after() != null) {
                query.setParameter("at", page.after().at()).setParameter("id", page.after().id());
            }
            return query.getResultList();
        });
    }
}
