package dev.tokenvault.cli;

import dev.tokenvault.client.TokenVaultException;
import picocli.CommandLine.Command;

@Command(name = "logout", mixinStandardHelpOptions = true, header = "End and forget the stored login.",
        description = "End the stored login's session at the service and forget it here.")
final class LogoutCommand extends Subcommand {

    @Override
    public Integer call() {
        Context context = context();
        String url = context.url();
        CredentialStore store = context.store();
        CredentialStore.Session session = store.find(url);
        if (session == null) {
            err().println("Not signed in to " + url + ".");
            return Cli.OK;
        }
        try {
            context.builder().bearer(session.accessToken()).maxRetries(0).build().logout();
        } catch (TokenVaultException alreadyEnded) {
            // ended or expired already: forgetting it here is all that is left to do
        } finally {
            store.remove(url);
        }
        err().println("Signed out of " + url + ".");
        return Cli.OK;
    }
}
