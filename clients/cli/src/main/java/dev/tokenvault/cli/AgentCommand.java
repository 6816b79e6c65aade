package dev.tokenvault.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tokenvault.client.AccessToken;
import dev.tokenvault.client.NeedsReauthException;
import dev.tokenvault.client.ServiceUnavailableException;
import dev.tokenvault.client.TokenKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true, header = "Keep token files fresh (a sidecar).",
        description = {
        "Keep token files fresh, for a sidecar: each file is written with mode 0600, replaced atomically,",
        "and renewed --min-ttl before its token expires (tokens without expiry are read again every",
        "--recheck). A connection that needs re-authorisation stops the agent with status 4; while the",
        "service or the provider is unavailable the current files stay and the agent retries.",
        "Example: tokenvault agent --file /run/tokens/github=github --file /run/tokens/qbo=quickbooks/company-42" })
final class AgentCommand extends Subcommand {

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "PATH=PROVIDER[/SUBJECT]",
            description = "keep the token in PATH (a token named in tokenvault.json, or connection:ID, works too)")
    List<String> files;

    @Option(names = "--min-ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "renew this long before a token expires; readers always find one valid this long "
                    + "(default ${DEFAULT-VALUE})")
    long minTtl;

    @Option(names = "--recheck", paramLabel = "SECONDS", defaultValue = "300",
            description = "how often a token without expiry is read again (default ${DEFAULT-VALUE})")
    long recheck;

    @Option(names = "--once", description = "write every file once and exit (an init container, a test)")
    boolean once;

    /** One file the agent keeps. */
    private static final class Kept {
        final Path path;
        final TokenSpec spec;
        TokenKey key;
        AccessToken written;
        Instant due = Instant.MIN;
        int failures;

        Kept(Path path, TokenSpec spec) {
            this.path = path;
            this.spec = spec;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Context context = context();
        List<Kept> kept = new ArrayList<>();
        for (String assignment : files) {
            int eq = assignment.lastIndexOf('=');
            if (eq <= 0 || eq == assignment.length() - 1) {
                throw new CliException(Cli.USAGE, "--file wants PATH=PROVIDER[/SUBJECT], for instance "
                        + "/run/tokens/github=github (got '" + assignment + "')");
            }
            String target = assignment.substring(eq + 1);
            TokenSpec spec = target.startsWith("connection:") ? TokenSpec.connection(target.substring(11))
                    : TokenSpec.resolve(target, context.projectFile());
            kept.add(new Kept(env().workingDirectory().resolve(assignment.substring(0, eq)), spec));
        }
        Duration ttl = Duration.ofSeconds(minTtl);
        while (true) {
            Instant now = env().clock().instant();
            for (Kept k : kept) {
                if (!now.isBefore(k.due)) {
                    Integer stop = renew(context, k, ttl);
                    if (stop != null) {
                        return stop;
                    }
                }
            }
            if (once) {
                return Cli.OK;
            }
            Instant next = kept.stream().map(k -> k.due).min(Instant::compareTo).orElseThrow();
            long millis = Duration.between(env().clock().instant(), next).toMillis();
            Thread.sleep(Math.max(1_000, millis)); // at least a second: a clock ahead of the service's cannot spin
        }
    }

    /**
     * When to renew: {@code min-ttl} before the token expires; halfway through its remaining life when the provider's
     * tokens live less than that (so a short-lived token is not asked for again every second).
     */
    private Instant due(AccessToken token, Duration ttl, Instant now) {
        if (token.expiresAt() == null) {
            return now.plusSeconds(recheck);
        }
        Instant due = token.expiresAt().minus(ttl);
        if (!due.isAfter(now)) {
            Duration left = Duration.between(now, token.expiresAt());
            due = now.plus(left.isNegative() ? Duration.ofSeconds(1) : left.dividedBy(2));
        }
        return due;
    }

    /** Renews one file; an exit status when the agent must stop, else null. */
    private Integer renew(Context context, Kept k, Duration ttl) {
        Instant now = env().clock().instant();
        try {
            if (k.key == null) {
                k.key = k.spec.key(context);
            }
            AccessToken token = context.vault().token(k.key, ttl);
            if (k.written == null || !token.sameValueAs(k.written)) {
                SecretFiles.write(k.path, token.value());
                err().println(now + " wrote " + k.path + " (" + k.spec.describe()
                        + (token.expiresAt() == null ? ", no expiry" : ", valid until " + token.expiresAt()) + ")");
            }
            k.written = token;
            k.failures = 0;
            k.due = due(token, ttl, now);
            return null;
        } catch (NeedsReauthException e) {
            err().println(now + " " + k.path + ": " + k.spec.describe() + " needs to be authorised again ("
                    + e.reason() + "); stopping. Send its owner a new connect link: tokenvault connect "
                    + (k.spec.provider() != null ? k.spec.provider() + (k.spec.subject() == null ? ""
                            : " --subject " + k.spec.subject()) : "PROVIDER --subject SUBJECT"));
            return Cli.NEEDS_REAUTH;
        } catch (ServiceUnavailableException e) {
            if (once) {
                throw e;
            }
            k.failures++;
            Instant retry = e.retryAt() != null ? e.retryAt()
                    : now.plusSeconds(Math.min(60, 1L << Math.min(k.failures, 6)));
            err().println(now + " could not renew " + k.path + " (" + e.getMessage() + "); the current file stays; "
                    + "retrying at " + retry);
            k.due = retry;
            return null;
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot write " + k.path + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
