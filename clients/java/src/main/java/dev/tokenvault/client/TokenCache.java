package dev.tokenvault.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * Tokens kept in this process until {@code expires_at − minTtl}, and one request per key in flight: the first
 * caller of a key asks tokenvault, every caller arriving meanwhile waits for that answer. Failures are not cached.
 */
final class TokenCache {

    /** Asks tokenvault for the token of a key. */
    interface Fetcher {
        AccessToken fetch(TokenKey key, Duration minTtl, boolean forceRefresh);
    }

    private record Entry(AccessToken token, Instant storedAt) {
    }

    private final ConcurrentMap<TokenKey, Entry> cached = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, CompletableFuture<AccessToken>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, CompletableFuture<AccessToken>> forcedInFlight = new ConcurrentHashMap<>();
    private final Fetcher fetcher;
    private final Clock clock;
    private final Duration maxAgeWithoutExpiry;

    TokenCache(Fetcher fetcher, Clock clock, Duration maxAgeWithoutExpiry) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.maxAgeWithoutExpiry = maxAgeWithoutExpiry;
    }

    /** A token of {@code key} that stays valid for {@code minTtl}: from the cache, or from one shared request. */
    AccessToken get(TokenKey key, Duration minTtl) {
        for (int round = 0;; round++) {
            AccessToken fresh = usable(key, minTtl);
            if (fresh != null) {
                return fresh;
            }
            CompletableFuture<AccessToken> mine = new CompletableFuture<>();
            CompletableFuture<AccessToken> running = inFlight.putIfAbsent(key, mine);
            if (running == null) {
                return lead(key, mine, inFlight, () -> fetcher.fetch(key, minTtl, false));
            }
            AccessToken shared = await(running);
            // a flight started for a smaller min_ttl may not do for this caller: then it leads a flight of its own
            if (shared.validFor(minTtl, clock) || round >= 2) {
                return shared;
            }
        }
    }

    /**
     * A new token after the provider refused {@code refused}: asks with {@code force_refresh=true} once, however
     * many callers report the same refused token; a caller whose refused token was already replaced gets the
     * replacement without another request.
     */
    AccessToken refreshAfterRefusal(TokenKey key, AccessToken refused, Duration minTtl) {
        AccessToken replaced = replacement(key, refused, minTtl);
        if (replaced != null) {
            return replaced;
        }
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> running = forcedInFlight.putIfAbsent(key, mine);
        if (running == null) {
            return lead(key, mine, forcedInFlight, () -> {
                AccessToken meanwhile = replacement(key, refused, minTtl); // a flight that just ended
                return meanwhile != null ? meanwhile : fetcher.fetch(key, minTtl, true);
            });
        }
        return await(running);
    }

    /** The cached token when it is no longer the refused one. */
    private AccessToken replacement(TokenKey key, AccessToken refused, Duration minTtl) {
        Entry current = cached.get(key);
        if (current != null && refused != null && !current.token().sameValueAs(refused)
                && current.token().validFor(minTtl, clock)) {
            return current.token();
        }
        return null;
    }

    void invalidate(TokenKey key) {
        cached.remove(key);
    }

    void clear() {
        cached.clear();
    }

    int size() {
        return cached.size();
    }

    private AccessToken usable(TokenKey key, Duration minTtl) {
        Entry entry = cached.get(key);
        if (entry == null) {
            return null;
        }
        AccessToken token = entry.token();
        if (token.expiresAt() == null) {
            // no expiry: kept for a bounded time, so a reconnected or replaced static credential is picked up
            return entry.storedAt().plus(maxAgeWithoutExpiry).isAfter(clock.instant()) ? token : null;
        }
        return token.validFor(minTtl, clock) ? token : null;
    }

    private AccessToken lead(TokenKey key, CompletableFuture<AccessToken> mine,
            ConcurrentMap<TokenKey, CompletableFuture<AccessToken>> flights, java.util.function.Supplier<AccessToken> call) {
        try {
            AccessToken token = call.get();
            cached.put(key, new Entry(token, clock.instant())); // before the flight ends: late callers find it cached
            mine.complete(token);
            return token;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static AccessToken await(CompletableFuture<AccessToken> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenVaultException(0, "interrupted", "interrupted while waiting for a token", null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime; // the leader's exception, shared by every caller that waited
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new TokenVaultException(0, "error", String.valueOf(cause), null, cause);
        }
    }
}
