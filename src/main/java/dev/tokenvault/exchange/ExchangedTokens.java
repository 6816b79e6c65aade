package dev.tokenvault.exchange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Remembers exchanged subject tokens in PostgreSQL until they expire, so each is accepted once on any replica.
 * Raw reactive client: {@code INSERT ... ON CONFLICT DO NOTHING} answers "first time?" in one round trip.
 */
@ApplicationScoped
public class ExchangedTokens {

    private static final Logger LOG = Logger.getLogger(ExchangedTokens.class);

    static final String REMEMBER = """
            INSERT INTO exchanged_subject_tokens (issuer_id, token_key, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING""";
    static final String PURGE = "DELETE FROM exchanged_subject_tokens WHERE expires_at < $1";

    private final Pool pool;
    private final TokenvaultConfig config;

    public ExchangedTokens(Pool pool, TokenvaultConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Records the token; fails with {@code replayed} when it was exchanged before. */
    public Uni<Void> rememberOnce(SubjectTokenVerifier.Verified subject) {
        // kept past exp by the leeway, during which the token would still verify
        Instant keepUntil = subject.expiresAt().plus(config.exchange().clockSkew());
        return pool.preparedQuery(REMEMBER)
                .execute(Tuple.of(subject.issuer().id, subject.replayKey(), OffsetDateTime.ofInstant(keepUntil, ZoneOffset.UTC)))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ExchangeRefused("replayed", subject.name());
                    }
                })
                .replaceWithVoid();
    }

    /** Forgets tokens that can no longer verify anyway. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))
                .invoke(rows -> LOG.debugf("forgot %d expired subject tokens", rows.rowCount()))
                .onFailure().invoke(e -> LOG.warnf("expired subject tokens not purged: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
