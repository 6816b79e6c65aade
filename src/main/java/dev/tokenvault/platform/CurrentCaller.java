package dev.tokenvault.platform;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * The caller of the current request for endpoints that serve anonymous and signed-in visitors alike (the web
 * UI, the OAuth callback): credentials are checked only when asked, and a failure means "nobody".
 */
@ApplicationScoped
public class CurrentCaller {

    private final CurrentIdentityAssociation identities;

    public CurrentCaller(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The caller, or null (nobody, or credentials that fail to verify). Never fails. */
    public Uni<Caller> optional() {
        return identities.getDeferredIdentity()
                .map(identity -> identity == null || identity.isAnonymous() ? null
                        : identity.<Caller>getAttribute(Caller.ATTRIBUTE))
                .onFailure().recoverWithNull();
    }
}
