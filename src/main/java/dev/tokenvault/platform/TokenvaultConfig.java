package dev.tokenvault.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every tokenvault-specific setting. Each one is also listed in application.properties.example. */
@ConfigMapping(prefix = "tokenvault")
public interface TokenvaultConfig {

    /**
     * Encryption keys: comma-separated {@code <key-id>:<base64 of 32 random bytes>}, the first one primary
     * (env {@code TOKENVAULT_ENCRYPTION_KEYS}). Rotating a key means putting a new entry first.
     */
    Optional<String> encryptionKeys();

    /**
     * Generate throwaway encryption and JWT signing keys when none are configured. Only the dev and test
     * profiles set this; prod refuses to start without keys.
     */
    @WithDefault("false")
    boolean devKeys();

    /** Where generated dev keys are kept so that a restarted dev service can still open its rows. */
    @WithDefault("target/tokenvault-dev-keys")
    String devKeysDir();

    /**
     * Key for the HMAC fingerprints of handed-out tokens in the audit log. Base64 of 32 bytes. Without it a random
     * key is made once and kept sealed in the database (service keys), so fingerprints survive key rotation.
     */
    Optional<String> fingerprintKey();

    /**
     * The public base URL of this service as browsers reach it (scheme, host, port, no trailing slash). The OAuth
     * connect flow builds its redirect URI from it ({@code <public-url>/v1/oauth/callback}), which must be
     * registered at each provider.
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    Admin admin();

    Auth auth();

    Audit audit();

    Refresh refresh();
    Exchange exchange();

    RateLimit rateLimit();

    CatalogSettings catalog();

    Check check();

    Webhooks webhooks();

    /** Leak response. */
    Leaks leaks();

    interface Leaks {
        /**
         * How often connections stored without token fingerprints (before fingerprints existed, or by an older
         * replica) are fingerprinted, so that a leaked token finds them; {@code off} disables it.
         */
        @WithDefault("1h")
        String backfillEvery();
    }

    /** GitHub's secret scanning partner endpoint ({@code POST /v1/secret-scanning/github}). */
    SecretScanning secretScanning();

    interface SecretScanning {
        /**
         * Where GitHub publishes the keys it signs secret scanning alerts with (env
         * {@code TOKENVAULT_SECRET_SCANNING_GITHUB_KEYS_URL}).
         */
        @WithName("github-keys-url")
        @WithDefault("https://api.github.com/meta/public_keys/secret_scanning")
        String githubKeysUrl();

        /** How long fetched keys are used before they are fetched again (an unknown key id refetches sooner). */
        @WithDefault("PT1H")
        Duration keysCacheFor();
    }

    /** How long before a connection's refresh token dies ({@code reauth_due_at}) {@code connection.reauth_due} goes out. */
    @WithDefault("P7D")
    Duration reauthWarning();

    /** Webhook delivery (env {@code TOKENVAULT_WEBHOOKS_*}). */
    interface Webhooks {
        /** Deliver webhooks from this replica (every replica may; none delivers the same attempt twice). */
        @WithDefault("true")
        boolean enabled();

        /**
         * The delays after each failed attempt, comma-separated (5s, 5m, 2h, or ISO-8601): their number plus one
         * attempts in all, each delay with up to 10 % jitter.
         */
        @WithDefault("PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H")
        List<Duration> retrySchedule();

        /** How often an idle replica looks for events and due deliveries. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** Most deliveries one replica takes at once. */
        @WithDefault("100")
        int batch();

        /** Most deliveries in flight at once on one replica. */
        @WithDefault("32")
        int concurrency();

        /** An endpoint is disabled after this many events in a row whose every attempt failed. */
        @WithDefault("5")
        int disableAfter();

        @WithDefault("PT5S")
        Duration connectTimeout();

        /** How long a receiver may take to answer. */
        @WithDefault("PT10S")
        Duration answerTimeout();

        /** How long before an API key expires {@code api_key.expiring} goes out. */
        @WithDefault("P7D")
        Duration apiKeyWarning();

        /** How often the reauth and key-expiry warnings are looked for. */
        @WithDefault("5m")
        String warningsEvery();

        /** How long finished deliveries and their attempts are kept. */
        @WithDefault("P30D")
        Duration keepDeliveries();
    }

    /** The provider catalog (provider templates). */
    interface CatalogSettings {
        /**
         * A JSON file of catalog entries of the administrator's own, in the shipped file's format
         * ({@code {"version": 1, "providers": [...]}}): an entry with a shipped id replaces that entry, a new id is
         * added (env {@code TOKENVAULT_CATALOG_FILE}). Read and checked at start-up; a broken entry stops the service.
         */
        Optional<String> file();
    }

    /** Checks of stored static credentials (API keys) with the validation request of their provider. */
    interface Check {
        /** Run the scheduled checks on this replica. */
        @WithDefault("true")
        boolean schedulerEnabled();

        /** How often each credential whose provider has a validation request is checked. */
        @WithDefault("P1D")
        Duration interval();

        /** Most credentials checked per round (a round runs every ten minutes). */
        @WithDefault("100")
        int batch();
    }

    /** The first administrator, created at start-up when no user exists yet. */
    interface Admin {
        /** env {@code TOKENVAULT_ADMIN_USERNAME}. */
        Optional<String> username();

        /** env {@code TOKENVAULT_ADMIN_PASSWORD}. */
        Optional<String> password();
    }

    /**
     * Accept plain-http provider, issuer and webhook URLs and private webhook addresses (local testing only; the
     * service says so in the log at start-up). https and public addresses otherwise.
     */
    @WithDefault("false")
    boolean allowInsecureUrls();

    interface Auth {
        /**
         * The issuer ({@code iss}) of every JWT this service issues and requires: its public URL unless set
         * ({@code TOKENVAULT_AUTH_ISSUER}).
         */
        Optional<String> issuer();

        /** Lifetime of a user's JWT (bearer and session cookie); never past the session's own end. */
        @WithDefault("PT1H")
        Duration userTokenTtl();

        /** A session ends when it has not been used for this long. */
        @WithDefault("PT30M")
        Duration sessionIdleTimeout();

        /** A session ends this long after sign-in, however active (the absolute lifetime). */
        @WithDefault("PT12H")
        Duration sessionMaxAge();

        /**
         * How long a replica trusts what it read about a session, a user's roles or a binding before reading it
         * again: a logout, a deleted user or binding takes effect on every replica within this time.
         */
        @WithDefault("PT2S")
        Duration sessionCacheTtl();

        /**
         * PEM files of retired JWT verification (public) keys that still verify until the tokens they signed
         * expire: rotating the signing key means putting the old public key here for one token lifetime.
         */
        Optional<java.util.List<String>> previousVerificationKeys();

        /**
         * Failed logins allowed per username from one client address within {@link #loginFailureWindow()}; an
         * address gets four times this over all usernames, a username ten times this over all addresses.
         */
        @WithDefault("5")
        int loginMaxFailures();

        /** The sliding window for counting failed logins; also the longest Retry-After given. */
        @WithDefault("PT5M")
        Duration loginFailureWindow();

        /** Set the session cookie with the Secure attribute (required by the __Host- prefix). */
        @WithDefault("true")
        boolean secureCookie();

        /** How long a verified JWT stays in the verification cache (never past its own expiry). */
        @WithDefault("10000")
        @WithName("verified-token-cache-size")
        int verifiedTokenCacheSize();
    }

    /** The refresh pipeline: provider calls, single flight, failure policy and the proactive scheduler. */
    interface Refresh {
        /** How long a replica holds the refresh lease on a connection; a crashed holder's lease expires then. */
        @WithDefault("PT30S")
        Duration leaseDuration();

        /** Longest a caller waits for another replica's refresh before answering provider_unavailable. */
        @WithDefault("PT20S")
        Duration leaseWait();

        /** Lifetime given to an access token when the provider sends no expires_in. */
        @WithDefault("PT1H")
        Duration defaultLifetime();

        /** Connect timeout for calls to providers' token and revocation endpoints. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** Time allowed for a provider's whole answer. */
        @WithDefault("PT10S")
        Duration readTimeout();

        /** Keep-alive connections per provider host for token and revocation calls (more calls queue). */
        @WithDefault("32")
        int maxConnectionsPerProvider();

        /** First back-off after a failed refresh; doubles per consecutive failure, with jitter. */
        @WithDefault("PT5S")
        Duration backoffBase();

        /** Longest back-off after repeated failures. */
        @WithDefault("PT15M")
        Duration backoffMax();

        /** How long a refreshed pair whose database write is failing is retried (and served from memory). */
        @WithDefault("PT2M")
        Duration commitRetry();

        /** Run the proactive refresh scheduler on this replica. */
        @WithDefault("true")
        boolean schedulerEnabled();

        /** How often the scheduler looks for connections nearing expiry. */
        @WithDefault("30s")
        String schedulerEvery();

        /** Most connections the scheduler picks per round. */
        @WithDefault("200")
        int schedulerBatch();

        /** Refreshes in flight at once per provider from the scheduler on one replica. */
        @WithDefault("4")
        int perProviderConcurrency();

        /** Random delay spread over scheduled refreshes, so replicas and providers are not hit in step. */
        @WithDefault("PT2S")
        Duration schedulerJitter();

        /**
         * Also refresh connections whose last refresh is older than this, so refresh tokens that lapse when
         * unused stay alive. Off when unset.
         */
        Optional<Duration> idleRefreshAfter();
    }

    interface Audit {
        /** Most events written in one database round trip by the audit writer. */
        @WithDefault("256")
        int maxBatch();

        /** Audit batches in flight at once; further events queue and ride in the next batch. */
        @WithDefault("2")
        int maxInflightBatches();

        /**
         * Most events waiting for a batch; past it an action that must be audited is refused with
         * {@code 503 audit_unavailable} (and counted in {@code tokenvault_audit_rejected_total}).
         */
        @WithDefault("10000")
        int maxQueued();
    }

    /** Token exchange (RFC 8693) for machine callers: subject tokens from trusted issuers. */
    interface Exchange {
        /** Leeway for the subject token's {@code exp} and {@code nbf} against this server's clock. */
        @WithDefault("PT30S")
        Duration clockSkew();

        /** Longest lifetime a binding may give the workload JWTs it issues ({@code ttl_seconds}). */
        @WithDefault("PT1H")
        Duration maxTtl();

        /** Keys fetched from an issuer's JWKS are used this long before they are fetched again. */
        @WithDefault("PT1H")
        Duration jwksCacheTtl();

        /**
         * A subject token signed with a key id the cached JWKS does not know makes the service fetch the JWKS
         * again (the issuer rotated its keys), at most once per this interval per issuer.
         */
        @WithDefault("PT30S")
        Duration jwksRefetchInterval();

        /** Time limit of a discovery or JWKS request to an issuer. */
        @WithDefault("PT5S")
        Duration httpTimeout();

    }

    /**
     * Request limits per principal, kept in each replica's memory (a token bucket per key): with N replicas
     * behind a load balancer a principal may get up to N times these rates.
     */
    interface RateLimit {
        /** Token reads ({@code GET /v1/connections/{id}/token}) per minute per principal, sustained. */
        @WithDefault("60000")
        int tokenReadsPerMinute();

        /** Token reads a principal may make at once before the per-minute rate applies. */
        @WithDefault("2000")
        int tokenReadBurst();

        /** Token exchanges ({@code POST /v1/auth/token}) per minute per client IP, sustained. */
        @WithDefault("60")
        int exchangesPerMinute();

        /** Token exchanges a client IP may make at once before the per-minute rate applies. */
        @WithDefault("20")
        int exchangeBurst();
    }
}
