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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code users}: every statement on the table is here. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

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

    /**
     * A user's id, name and roles, on the raw reactive client: response filters also run after blocking
     * endpoints, on worker threads, where no Hibernate Reactive session can be opened.
     */
    public Uni<User> findSignedIn(UUID id) {
        return pool.preparedQuery("SELECT id, username, roles FROM users WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    User user = new User();
                    user.id = row.getUUID("id");
                    user.username = row.getString("username");
                    user.roles = row.getString("roles");
                    return user;
                });
    }
}
