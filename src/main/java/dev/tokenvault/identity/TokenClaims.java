package dev.tokenvault.identity;

import java.util.List;
import java.util.UUID;

import dev.tokenvault.platform.Caller;

/**
 * What a verified JWT of this service says, read once per token: the kind of principal, its subject and name,
 * the session a user's token belongs to, and for a workload the owner, its connections and its binding.
 */
public record TokenClaims(Caller.Kind kind, String subject, String name, UUID session, UUID owner,
        List<String> connections, UUID binding) {
}
