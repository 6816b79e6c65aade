package dev.tokenvault.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.TokenLifetimes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Apply new tokens" is defined twice, once as the entity's copy ({@link Connection#withTokens}, served from
 * memory while a write is retried) and once as the store's statement: both give the same row.
 */
@QuarkusTest
class ConnectionStoreTest {

    @Inject
    ConnectionStore store;
    @Inject
    Sealer sealer;
    @Inject
    Keyring keyring;
    @Inject
    Fingerprinter fingerprinter;

    @Test
    void theStatementAndTheEntityApplyNewTokensAlike() {
        String user = Api.newUser();
        String id = Api.newConnection(user, Api.newProvider(), Map.of("refresh_token", Api.secret("refresh"),
                "expires_at", Instant.now().minusSeconds(10).toString()));
        Api.execute("UPDATE connections SET state = 'ERROR', state_reason = 'http_503', state_message = 'down', "
                + "next_retry_at = now() + interval '1 minute', consecutive_failures = 3, last_error_at = now() "
                + "WHERE id = '" + id + "'");
        Connection before = store.read(UUID.fromString(id)).await().atMost(Duration.ofSeconds(5)).connection();
        ProviderTokens answer = new ProviderTokens(Api.secret("access"), null, "Bearer", 600L, "read", null,
                86_400L, null, Map.of("instance_url", "https://acme.my.salesforce.com"));
        NewTokens tokens = NewTokens.seal(before, answer, new TokenLifetimes(600L, 864_000L, 8_640_000L, false), true,
                sealer, keyring, fingerprinter, Instant.now().truncatedTo(ChronoUnit.MICROS)); // as stored
        assertThat(tokens.reauthDueAt()).isNotNull();
        assertThat(tokens.grantExpiresAt()).isNotNull();

        Connection expected = before.withTokens(tokens, true, Instant.now()).atVersion(before.version + 1);
        Connection written = store.applyTokens(before.id, before.version, tokens, true)
                .await().atMost(Duration.ofSeconds(5));

        assertThat(written).usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes(".*hibernate.*")
                .ignoringFields("updatedAt", "lastRefreshedAt", "metadata").isEqualTo(expected);
        assertThat(written.lastRefreshedAt).isNotNull();
        assertThat(written.reauthDueAt).isEqualTo(tokens.reauthDueAt());
        assertThat(expected.metadata).containsEntry("instance_url", "https://acme.my.salesforce.com");
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + id
                + "' AND metadata->>'instance_url' = 'https://acme.my.salesforce.com'")).isEqualTo(1);
        assertThat(written.state).isEqualTo(Connection.State.ACTIVE);
        assertThat(sealer.openString(written.refreshToken, written.refreshTokenField()))
                .isEqualTo(sealer.openString(before.refreshToken, before.refreshTokenField())); // not rotated: kept
        // a second write against the old version is refused: the row moved
        assertThat(store.applyTokens(before.id, before.version, tokens, true).await().atMost(Duration.ofSeconds(5)))
                .isNull();
    }
}
