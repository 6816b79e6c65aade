package dev.tokenvault.identity;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.tokenvault.platform.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** Who the caller is, as the vault sees it. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    public record Me(String subject, String username, String kind, Set<String> roles, List<String> connections) {
    }

    @GET
    public Me me() {
        Caller caller = Caller.of(identity);
        return new Me(caller.subject(), caller.name(), caller.kind().wireName(), caller.roles(),
                caller.connectionScope());
    }
}
