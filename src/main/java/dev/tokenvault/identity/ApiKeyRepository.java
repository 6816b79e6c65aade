package dev.tokenvault.identity;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The owner's keys in creation order: {@code size + 1} rows, the extra one telling that there is more. */
    public Uni<List<ApiKey>> listOwned(UUID ownerId, PageRequest page) {
        if (page.after() == null) {
            return find("ownerId = ?1 order by createdAt, id", ownerId).range(0, page.size()).list();
        }
        return find("ownerId = :owner and (createdAt > :at or (createdAt = :at and id > :id)) order by createdAt, id",
                Parameters.with("owner", ownerId).and("at", page.after().at()).and("id", page.after().id()))
                .range(0, page.size()).list();
    }

    /** Deletes the key when it is the owner's; another user's key is simply not found. */
    public Uni<Boolean> deleteOwned(UUID id, UUID ownerId) {
        return delete("id = ?1 and ownerId = ?2", id, ownerId).map(count -> count > 0);
    }
}
