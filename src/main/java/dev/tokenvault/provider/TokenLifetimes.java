package dev.tokenvault.provider;

/**
 * What a provider's token answers leave unsaid about lifetimes, as far as it is known.
 *
 * @param accessSeconds life of an access token answered without {@code expires_in}; null: it does not expire
 * @param refreshInactivitySeconds a refresh token unused this long dies (each refresh starts it again); null: unknown
 * @param grantSeconds the grant dies this long after the user consented; null: unknown
 * @param issuedAtMillis answers carry {@code issued_at} in epoch milliseconds (the access lifetime counts from it)
 */
public record TokenLifetimes(Long accessSeconds, Long refreshInactivitySeconds, Long grantSeconds,
        boolean issuedAtMillis) {

    /** A provider made by hand: a token without {@code expires_in} lives {@code defaultSeconds}, nothing else known. */
    public static TokenLifetimes plain(long defaultSeconds) {
        return new TokenLifetimes(defaultSeconds, null, null, false);
    }
}
