package dev.tokenvault.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The platform's own identity of this workload, exchanged for a short-lived tokenvault JWT (RFC 8693,
 * {@code POST /v1/auth/token}) and renewed before that expires. No long-lived tokenvault secret is needed where the
 * platform vouches for the workload. Found in this order:
 * <ol>
 * <li><b>GitHub Actions</b>: {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} (the job
 * needs {@code permissions: id-token: write}); a fresh ID token is requested for every exchange, with the
 * {@linkplain Builder#audience audience} {@code TOKENVAULT_AUDIENCE}, else the service's URL.</li>
 * <li><b>GitLab CI</b>: {@code TOKENVAULT_ID_TOKEN} (an {@code id_tokens:} entry of the job).</li>
 * <li><b>Kubernetes</b>: a projected service-account token file, {@code TOKENVAULT_KUBERNETES_TOKEN_FILE}, else
 * {@value #DEFAULT_KUBERNETES_TOKEN_FILE}; read again for every exchange (the kubelet rotates it).</li>
 * </ol>
 * The environment and the file system are read through what the {@link Builder} is given, so tests (and unusual
 * platforms) can drive them.
 */
public final class WorkloadIdentity {

    public static final String DEFAULT_KUBERNETES_TOKEN_FILE = "/var/run/secrets/tokenvault/token";
    static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    /** Where the workload runs, as far as its identity goes. */
    public enum Platform {
        GITHUB_ACTIONS("GitHub Actions"), GITLAB_CI("GitLab CI"), KUBERNETES("Kubernetes");

        private final String displayName;

        Platform(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    private final Function<String, String> environment;
    private final Path kubernetesTokenFile;
    private final String audience;
    private final Duration renewBefore;

    private WorkloadIdentity(Builder b) {
        this.environment = b.environment;
        String file = b.kubernetesTokenFile != null ? b.kubernetesTokenFile.toString()
                : env(b.environment, "TOKENVAULT_KUBERNETES_TOKEN_FILE");
        this.kubernetesTokenFile = Path.of(file != null ? file : DEFAULT_KUBERNETES_TOKEN_FILE);
        this.audience = b.audience != null ? b.audience : env(b.environment, "TOKENVAULT_AUDIENCE");
        this.renewBefore = b.renewBefore;
    }

    /** From this process's environment and file system. */
    public static WorkloadIdentity fromEnvironment() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The platform whose identity is present here, if any. */
    public Optional<Platform> detect() {
        if (env(environment, "ACTIONS_ID_TOKEN_REQUEST_URL") != null
                && env(environment, "ACTIONS_ID_TOKEN_REQUEST_TOKEN") != null) {
            return Optional.of(Platform.GITHUB_ACTIONS);
        }
        if (env(environment, "TOKENVAULT_ID_TOKEN") != null) {
            return Optional.of(Platform.GITLAB_CI);
        }
        if (Files.isReadable(kubernetesTokenFile)) {
            return Optional.of(Platform.KUBERNETES);
        }
        return Optional.empty();
    }

    Credentials credentials() {
        Platform platform = detect().orElseThrow(() -> new NotAuthenticatedException(0, "no_workload_identity",
                "no workload identity found: set ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (GitHub Actions, "
                        + "permissions: id-token: write), TOKENVAULT_ID_TOKEN (GitLab CI id_tokens) or mount a "
                        + "service-account token at " + kubernetesTokenFile + " (Kubernetes)", null));
        return new Exchanging(platform);
    }

    /** The platform's token, fresh where the platform can make a new one. */
    private String subjectToken(Platform platform, Http http) {
        return switch (platform) {
            case GITHUB_ACTIONS -> githubIdToken(http);
            case GITLAB_CI -> env(environment, "TOKENVAULT_ID_TOKEN").strip();
            case KUBERNETES -> {
                try {
                    yield Files.readString(kubernetesTokenFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new NotAuthenticatedException(0, "no_workload_identity",
                            "the service-account token file " + kubernetesTokenFile + " cannot be read ("
                                    + e.getClass().getSimpleName() + ")", null);
                }
            }
        };
    }

    private String githubIdToken(Http http) {
        String url = env(environment, "ACTIONS_ID_TOKEN_REQUEST_URL");
        String aud = audience != null ? audience : http.baseUrl().toString();
        URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "audience=" + Http.query(aud));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + env(environment, "ACTIONS_ID_TOKEN_REQUEST_TOKEN"))
                .header("Accept", "application/json").GET().build();
        String what = "GET " + uri.getScheme() + "://" + uri.getHost() + Http.pathOnly(uri.getRawPath());
        try {
            HttpResponse<String> response = http.client().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new NotAuthenticatedException(response.statusCode(), "no_workload_identity",
                        "GitHub Actions gave no ID token: does the job have 'permissions: id-token: write'?", what);
            }
            JsonNode body = JsonTrees.parse(response.body());
            String value = Http.text(body, "value");
            if (value == null || value.isBlank()) {
                throw new NotAuthenticatedException(response.statusCode(), "no_workload_identity",
                        "GitHub Actions answered without an ID token", what);
            }
            return value;
        } catch (IOException e) {
            throw new ServiceUnavailableException(0, "unreachable", "GitHub's ID token endpoint cannot be reached ("
                    + e.getClass().getSimpleName() + ")", what, null, http.clock().instant(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenVaultException(0, "interrupted", "interrupted while asking GitHub for an ID token", what, e);
        }
    }

    private static String env(Function<String, String> environment, String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The exchanged tokenvault JWT, kept until shortly before it expires. */
    private final class Exchanging implements Credentials {
        private final Platform platform;
        private String authorization;
        private Instant renewAt;

        Exchanging(Platform platform) {
            this.platform = platform;
        }

        @Override
        public synchronized String authorization(Http http) {
            Instant now = http.clock().instant();
            if (authorization != null && now.isBefore(renewAt)) {
                return authorization;
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", GRANT);
            form.put("subject_token", subjectToken(platform, http));
            form.put("subject_token_type", JWT_TYPE);
            JsonNode answer;
            try {
                answer = http.postForm("/v1/auth/token", form);
            } catch (InvalidRequestException refused) {
                throw new NotAuthenticatedException(refused.status(), "exchange_refused", "tokenvault did not accept "
                        + "the " + platform.displayName() + " token: an administrator must trust its issuer and a "
                        + "binding must match its claims and audience (the reason is the error_code of the "
                        + "auth.exchange event in the audit log)", refused.request());
            }
            String jwt = Http.text(answer, "access_token");
            Long expiresIn = Json.number(answer, "expires_in");
            if (jwt == null) {
                throw new TokenVaultException(200, "invalid_response", "the token exchange answered no access_token",
                        "POST /v1/auth/token");
            }
            long lifetime = expiresIn == null ? 300 : expiresIn;
            // renew before it expires: the configured margin, but never more than a quarter of its life
            long margin = Math.min(renewBefore.toSeconds(), lifetime / 4);
            authorization = "Bearer " + jwt;
            renewAt = now.plusSeconds(Math.max(0, lifetime - margin));
            return authorization;
        }

        @Override
        public boolean renewable() {
            return true;
        }

        @Override
        public synchronized void rejected(String refused) {
            if (Objects.equals(refused, authorization)) {
                authorization = null;
            }
        }

        @Override
        public String describe() {
            return "workload identity (" + platform.displayName() + ")";
        }

        @Override
        public String toString() {
            return "Credentials[" + describe() + ", redacted]";
        }
    }

    @Override
    public String toString() {
        return "WorkloadIdentity[" + detect().map(Platform::displayName).orElse("none found") + "]";
    }

    public static final class Builder {
        private Function<String, String> environment = System::getenv;
        private Path kubernetesTokenFile;
        private String audience;
        private Duration renewBefore = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Where environment variables are read (default: this process's environment). */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        /** The environment as a map (tests, or a platform that hands its variables over some other way). */
        public Builder environment(Map<String, String> environment) {
            Map<String, String> copy = Map.copyOf(environment);
            this.environment = copy::get;
            return this;
        }

        /** The projected service-account token file (default: {@code TOKENVAULT_KUBERNETES_TOKEN_FILE}, else {@value WorkloadIdentity#DEFAULT_KUBERNETES_TOKEN_FILE}). */
        public Builder kubernetesTokenFile(Path file) {
            this.kubernetesTokenFile = file;
            return this;
        }

        /** The audience to ask GitHub for (default: {@code TOKENVAULT_AUDIENCE}, else the service's URL). */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** How long before the exchanged JWT expires a new one is got (default 60 s, at most a quarter of its life). */
        public Builder renewBefore(Duration renewBefore) {
            this.renewBefore = Objects.requireNonNull(renewBefore);
            return this;
        }

        public WorkloadIdentity build() {
            return new WorkloadIdentity(this);
        }
    }
}
