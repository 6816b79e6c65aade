package dev.tokenvault.apikey;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

/** The principal behind a verified API key: which key, whose it is and which connections it may read. */
public record ApiKeyPrincipal(UUID keyId, String prefix, UUID ownerId, List<String> connectionIds) implements Principal {

    /** The name in the audit log: the key's public prefix, never the key. */
    @Override
    public String getName() {
        return "api_key:" + keyId;
    }
}
