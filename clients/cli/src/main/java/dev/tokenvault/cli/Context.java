package dev.tokenvault.cli;

import java.net.http.HttpClient;

import dev.tokenvault.client.Me;
import dev.tokenvault.client.TokenVault;
import dev.tokenvault.client.WorkloadIdentity;

/**
 * What a command runs against, resolved once per run. The service's address: {@code --url}, else
 * {@code TOKENVAULT_URL}, else tokenvault.json. Credentials, first found wins: {@code --api-key} /
 * {@code TOKENVAULT_API_KEY}, {@code TOKENVAULT_TOKEN}, the platform's workload identity, the stored login. The
 * project: {@code --project}, {@code TOKENVAULT_PROJECT}, tokenvault.json, else the credential's own (an API key's or a
 * workload's project, a person's personal project {@code ~<username>}).
 */
final class Context {

    static final String VERSION = "0.1.0";

    private final Environment env;
    private final TokenvaultCommand options;
    private ProjectFile projectFile;
    private boolean projectFileRead;
    private TokenVault vault;
    private String credentialSource;
    private CredentialStore.Session session;
    private Me me;

    Context(Environment env, TokenvaultCommand options) {
        this.env = env;
        this.options = options;
    }

    Environment env() {
        return env;
    }

    HttpClient http() {
        return SharedHttpClient.get();
    }

    ProjectFile projectFile() {
        if (!projectFileRead) {
            projectFile = ProjectFile.find(env.workingDirectory());
            projectFileRead = true;
        }
        return projectFile;
    }

    /** The service's URL, without a trailing slash. */
    String url() {
        String url = options.url != null ? options.url : env.get("TOKENVAULT_URL");
        if (url == null && projectFile() != null) {
            url = projectFile().url();
        }
        if (url == null) {
            throw new CliException(Cli.USAGE, "no tokenvault.json here or above, and no TOKENVAULT_URL: pass --url "
                    + "https://vault.example.com, set TOKENVAULT_URL, or run inside a project that has a tokenvault.json");
        }
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    CredentialStore store() {
        return new CredentialStore(env.configDirectory());
    }

    /** A client without credentials, for signing in. */
    TokenVault.Builder builder() {
        try {
            return TokenVault.builder().baseUrl(url()).httpClient(http()).userAgent("tokenvault-cli/" + VERSION)
                    .appName(env.get("TOKENVAULT_APP_NAME") != null ? env.get("TOKENVAULT_APP_NAME") : "tokenvault-cli")
                    .clock(env.clock());
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage() + ": check --url, TOKENVAULT_URL or tokenvault.json");
        }
    }

    /** The authenticated client, by the first credential found. */
    TokenVault vault() {
        if (vault != null) {
            return vault;
        }
        TokenVault.Builder builder = builder();
        String apiKey = options.apiKey != null ? options.apiKey : env.get("TOKENVAULT_API_KEY");
        String token = env.get("TOKENVAULT_TOKEN");
        WorkloadIdentity workload = WorkloadIdentity.builder().environment(env::get).build();
        if (apiKey != null) {
            builder.apiKey(apiKey);
            credentialSource = options.apiKey != null ? "API key (--api-key)" : "API key (TOKENVAULT_API_KEY)";
        } else if (token != null) {
            builder.bearer(token);
            credentialSource = "bearer token (TOKENVAULT_TOKEN)";
        } else if (workload.detect().isPresent()) {
            builder.workloadIdentity(workload);
            credentialSource = "workload identity (" + workload.detect().get().displayName() + ")";
        } else {
            session = store().find(url());
            if (session == null) {
                throw new CliException(Cli.NOT_AUTHENTICATED, "not signed in to " + url() + ": run tokenvault login, "
                        + "or set TOKENVAULT_API_KEY to an API key of the project");
            }
            if (session.expiresAt() != null && !session.expiresAt().isAfter(env.clock().instant())) {
                throw new CliException(Cli.NOT_AUTHENTICATED, "your login to " + url() + " ended at "
                        + session.expiresAt() + ": run tokenvault login again");
            }
            builder.bearer(session.accessToken());
            credentialSource = "login of " + session.username() + " (" + store().file() + ")";
        }
        vault = builder.build();
        return vault;
    }

    /** What {@link #vault()} authenticates with, for status and messages. */
    String credentialSource() {
        vault();
        return credentialSource;
    }

    /** Whether the credential is a stored login (its 401 means: sign in again). */
    boolean usesStoredLogin() {
        return session != null;
    }

    Me me() {
        if (me == null) {
            me = vault().me();
        }
        return me;
    }

    /** The project commands act in. */
    String project() {
        String project = options.project != null ? options.project : env.get("TOKENVAULT_PROJECT");
        if (project == null && projectFile() != null) {
            project = projectFile().project();
        }
        if (project != null) {
            return project;
        }
        vault();
        if (session != null && session.username() != null) {
            return "~" + session.username(); // a person's personal project
        }
        Me who = me();
        if (who.isUser() && who.username() != null) {
            return "~" + who.username();
        }
        if (!who.projects().isEmpty()) {
            return who.projects().get(0).name(); // an API key's or a workload's own project
        }
        throw new CliException(Cli.USAGE, "no project: pass --project NAME, set TOKENVAULT_PROJECT, or put "
                + "\"project\" in tokenvault.json");
    }
}
