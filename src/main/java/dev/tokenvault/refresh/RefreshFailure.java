package dev.tokenvault.refresh;

import dev.tokenvault.platform.ApiException;

/** Why a connection could not be given a fresh token; each maps to its place in the contract. */
public final class RefreshFailure {

    private RefreshFailure() {
    }

    /** The provider refused the grant (or there is nothing to refresh with): the user must reconnect. */
    public static ApiException needsReauth(String detail) {
        return new ApiException(409, "needs_reauth", detail);
    }

    /** The provider could not be reached or failed; try again after {@code retryAfterSeconds}. */
    public static ApiException providerUnavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, "provider_unavailable", detail, retryAfterSeconds);
    }
}
