package dev.tokenvault.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "tokenvault", mixinStandardHelpOptions = true, versionProvider = TokenvaultCommand.Version.class,
        sortOptions = false,
        description = "Currently valid tokens from tokenvault for shells, CI jobs and sidecars.",
        subcommands = { LoginCommand.class, LogoutCommand.class, TokenCommand.class, ExecCommand.class,
                AgentCommand.class, ConnectCommand.class, ConnectionsCommand.class, ProjectsCommand.class,
                ApiKeysCommand.class, StatusCommand.class, LeakCommand.class, CompletionCommand.class,
                WarmUpCommand.class },
        footerHeading = "%n",
        footer = { "The service: --url, else TOKENVAULT_URL, else tokenvault.json (here or in a parent directory).",
                "Credentials, first found wins: --api-key / TOKENVAULT_API_KEY, TOKENVAULT_TOKEN, the workload identity",
                "of GitHub Actions, GitLab CI or Kubernetes, the login stored by tokenvault login.",
                "Exit status: 0 ok, 1 failure, 2 usage, 3 not authenticated, 4 needs re-authorisation, 5 unavailable." })
final class TokenvaultCommand {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "tokenvault's address (default: TOKENVAULT_URL, else tokenvault.json)")
    String url;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "a project API key (prefer TOKENVAULT_API_KEY: arguments show in the process list)")
    String apiKey;

    @Option(names = { "-p", "--project" }, scope = ScopeType.INHERIT, paramLabel = "PROJECT",
            description = "the project (default: TOKENVAULT_PROJECT, tokenvault.json, else the credential's own)")
    String project;

    private final Environment env;
    private Context context;

    TokenvaultCommand(Environment env) {
        this.env = env;
    }

    Context context() {
        if (context == null) {
            context = new Context(env, this);
        }
        return context;
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { "tokenvault-cli " + Context.VERSION + " (Java " + System.getProperty("java.version")
                    + ")" };
        }
    }
}
