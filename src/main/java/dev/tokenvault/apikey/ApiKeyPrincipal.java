package dev.tokenvault.apikey;

import java.security.Principal;
import java.util.UUID;

/** The principal behind a verified API key: which key, and the project it belongs to. */
public record ApiKeyPrincipal(UUID keyId, String prefix, UUID projectId) implements Principal {

    /** The name in the audit log: the key's id, never the key. */
    @Override
    public String getName() {
        return "api_key:" + keyId;
    }
}
