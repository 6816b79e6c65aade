package dev.tokenvault.identity;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** The owner of {@code users}: every statement on the table is here. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    @WithSession
    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    /** How many users there are (the first administrator is created when there is none). */
    @WithSession
    public Uni<Long> countAll() {
        return count();
    }

    /** Stores a new user; a taken username fails with a unique violation. */
    @WithTransaction
    public Uni<User> add(User user) {
        return persistAndFlush(user);
    }

    /** Deletes the user; false when there was none. */
    @WithTransaction
    public Uni<Boolean> remove(UUID id) {
        return deleteById(id);
    }

    /** Users in creation order after the page's cursor: {@code size + 1} rows, the extra one telling there is more. */
    @WithSession
    public Uni<List<User>> listPage(PageRequest page) {
        if (page.after() == null) {
            return find("order by createdAt, id").range(0, page.size()).list();
        }
        return find("createdAt > :at or (createdAt = :at and id > :id) order by createdAt, id",
                Parameters.with("at", page.after().at()).and("id", page.after().id())).range(0, page.size()).list();
    }

    @WithSession
    public Uni<User> findById(UUID id) {
        return find("id", id).firstResult();
    }

    /** Applies {@code change} to the user and writes it; null when there is none. */
    @WithTransaction
    public Uni<User> change(UUID id, java.util.function.Consumer<User> change) {
        return findById(id).call(user -> {
            if (user == null) {
                return Uni.createFrom().nullItem();
            }
            change.accept(user);
            return flush();
        });
    }
}
