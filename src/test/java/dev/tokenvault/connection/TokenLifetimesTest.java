package dev.tokenvault.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.provider.TokenLifetimes;

/** What an answer leaves unsaid about lifetimes, filled from what is known of the provider. */
class TokenLifetimesTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TokenLifetimes PLAIN = TokenLifetimes.plain(3600);
    static final TokenLifetimes UNKNOWN = new TokenLifetimes(null, null, null, false);

    static ProviderTokens answer(Long expiresIn, Long refreshExpiresIn, Instant issuedAt) {
        return new ProviderTokens("at", "rt", "Bearer", expiresIn, null, null, refreshExpiresIn, issuedAt, Map.of());
    }

    @Test
    void expiresInWinsWhenGivenAndZeroMeansNever() {
        assertThat(NewTokens.accessExpiry(answer(600L, null, null), PLAIN, NOW)).isEqualTo(NOW.plusSeconds(600));
        assertThat(NewTokens.accessExpiry(answer(0L, null, null), PLAIN, NOW)).isNull(); // Mailchimp: never expires
    }

    @Test
    void withoutExpiresInTheKnownLifetimeElseNever() {
        // a provider made by hand: the service's default lifetime, as before the catalog
        assertThat(NewTokens.accessExpiry(answer(null, null, null), PLAIN, NOW)).isEqualTo(NOW.plusSeconds(3600));
        // a catalog provider with a known lifetime (Xero: 30 minutes)
        assertThat(NewTokens.accessExpiry(answer(null, null, null), new TokenLifetimes(1800L, null, null, false), NOW))
                .isEqualTo(NOW.plusSeconds(1800));
        // a catalog provider without one (GitHub OAuth App): the token does not expire, it is never "expired"
        assertThat(NewTokens.accessExpiry(answer(null, null, null), UNKNOWN, NOW)).isNull();
    }

    @Test
    void salesforceCountsFromIssuedAtButNeverIntoThePast() {
        TokenLifetimes salesforce = new TokenLifetimes(7200L, null, null, true);
        assertThat(NewTokens.accessExpiry(answer(null, null, NOW.minusSeconds(100)), salesforce, NOW))
                .isEqualTo(NOW.plusSeconds(7100));
        assertThat(NewTokens.accessExpiry(answer(null, null, NOW.plusSeconds(300)), salesforce, NOW))
                .as("issued_at in the future (clock skew)").isEqualTo(NOW.plusSeconds(7200));
        assertThat(NewTokens.accessExpiry(answer(null, null, NOW.minusSeconds(86_400)), salesforce, NOW))
                .as("issued_at so old the token would be born expired").isEqualTo(NOW.plusSeconds(7200));
        assertThat(NewTokens.accessExpiry(answer(null, null, NOW.minusSeconds(100)), new TokenLifetimes(7200L, null,
                null, false), NOW)).as("issued_at is only read where the provider is known to give milliseconds")
                .isEqualTo(NOW.plusSeconds(7200));
    }

    @Test
    void theRefreshTokensLifeIsWhatTheAnswerSaysElseTheInactivityWindowCappedByTheGrant() {
        TokenLifetimes quickbooks = new TokenLifetimes(3600L, 8_640_000L, 157_680_000L, false);
        Instant grantEnd = NOW.plusSeconds(157_680_000L);
        assertThat(NewTokens.reauthDue(answer(3600L, 8_726_400L, null), quickbooks, grantEnd, NOW))
                .isEqualTo(NOW.plusSeconds(8_726_400L)); // x_refresh_token_expires_in
        assertThat(NewTokens.reauthDue(answer(3600L, null, null), quickbooks, grantEnd, NOW))
                .isEqualTo(NOW.plusSeconds(8_640_000L)); // the known window
        assertThat(NewTokens.reauthDue(answer(3600L, null, null), quickbooks, NOW.plusSeconds(86_400), NOW))
                .as("five years are nearly over").isEqualTo(NOW.plusSeconds(86_400));
        assertThat(NewTokens.reauthDue(answer(3600L, 0L, null), UNKNOWN, null, NOW)).isNull();
        assertThat(NewTokens.reauthDue(answer(3600L, null, null), new TokenLifetimes(null, null, 31_536_000L, false),
                NOW.plusSeconds(31_536_000L), NOW)).as("only the grant's end is known (LinkedIn)")
                .isEqualTo(NOW.plusSeconds(31_536_000L));
    }

    @Test
    void tokenTypesAreWhatCallersSend() {
        assertThat(NewTokens.tokenType("bearer")).isEqualTo("Bearer");
        assertThat(NewTokens.tokenType(null)).isEqualTo("Bearer");
        assertThat(NewTokens.tokenType("user")).isEqualTo("Bearer"); // Slack names the kind of token
        assertThat(NewTokens.tokenType("DPoP")).isEqualTo("DPoP");
    }
}
