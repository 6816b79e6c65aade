package dev.tokenvault.cli;

import dev.tokenvault.client.ConflictException;
import dev.tokenvault.client.ForbiddenException;
import dev.tokenvault.client.InvalidRequestException;
import dev.tokenvault.client.NeedsReauthException;
import dev.tokenvault.client.NotAuthenticatedException;
import dev.tokenvault.client.NotFoundException;
import dev.tokenvault.client.ServiceUnavailableException;
import dev.tokenvault.client.TokenVaultException;
import picocli.CommandLine;

/**
 * Builds and runs the command line. Exit statuses: 0 ok, 1 any other failure, 2 usage (wrong arguments, no URL,
 * a bad tokenvault.json), 3 not authenticated, 4 a connection needs re-authorisation, 5 unavailable (the service or
 * the provider; try again later); {@code exec} exits with its command's status.
 */
final class Cli {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_AUTHENTICATED = 3;
    static final int NEEDS_REAUTH = 4;
    static final int UNAVAILABLE = 5;

    private Cli() {
    }

    static int run(String[] args, Environment env) {
        CommandLine cli = commandLine(env);
        try {
            return cli.execute(args);
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }

    static CommandLine commandLine(Environment env) {
        CommandLine cli = new CommandLine(new TokenvaultCommand(env));
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((e, command, parsed) -> report(e, command, env));
        // exec's command keeps its own options: everything from the command's name on is its
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        return cli;
    }

    /** Says what went wrong and what to do, and answers the exit status. */
    static int report(Exception e, CommandLine command, Environment env) {
        Outcome outcome = outcome(e);
        env.err().println("tokenvault: " + outcome.message());
        env.err().flush();
        return outcome.status();
    }

    record Outcome(int status, String message) {
    }

    static Outcome outcome(Exception e) {
        if (e instanceof CliException cli) {
            return new Outcome(cli.exitCode(), cli.getMessage());
        }
        if (e instanceof NeedsReauthException reauth) {
            return new Outcome(NEEDS_REAUTH, "the connection needs to be authorised again (" + reauth.reason()
                    + "): send its owner a new connect link (tokenvault connect PROVIDER --subject SUBJECT)");
        }
        if (e instanceof NotAuthenticatedException auth) {
            return new Outcome(NOT_AUTHENTICATED, "not authenticated: " + auth.getMessage()
                    + "; sign in with tokenvault login, or check TOKENVAULT_API_KEY / TOKENVAULT_TOKEN");
        }
        if (e instanceof ServiceUnavailableException unavailable) {
            return new Outcome(UNAVAILABLE, unavailable.getMessage() + (unavailable.retryAt() != null
                    ? "; try again after " + unavailable.retryAt() : "; try again later"));
        }
        if (e instanceof NotFoundException notFound) {
            return new Outcome(FAILURE, notFound.getMessage() + ": check the name (tokenvault connections ls lists "
                    + "what this credential can see)");
        }
        if (e instanceof ForbiddenException forbidden) {
            return new Outcome(FAILURE, forbidden.getMessage() + ": the credential lacks the permission or role");
        }
        if (e instanceof ConflictException conflict) {
            return new Outcome(FAILURE, conflict.getMessage());
        }
        if (e instanceof InvalidRequestException invalid) {
            return new Outcome(USAGE, invalid.getMessage());
        }
        if (e instanceof TokenVaultException other) {
            return new Outcome(FAILURE, other.getMessage());
        }
        if (e instanceof IllegalArgumentException illegal) {
            return new Outcome(USAGE, illegal.getMessage());
        }
        return new Outcome(FAILURE, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
}
