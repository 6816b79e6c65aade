package dev.tokenvault.identity;

import java.util.UUID;

import dev.tokenvault.platform.Caller;

/**
 * What a verified JWT of this service says, read once per token: the kind of principal, its subject and name,
 * the session a user's token belongs to, and for a workload the binding that admitted it.
 */
public record TokenClaims(Caller.Kind kind, String subject, String name, UUID session, UUID binding) {
}
