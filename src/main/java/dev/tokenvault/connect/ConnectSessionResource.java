package dev.tokenvault.connect;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code /v1/projects/{project}/connect-sessions}: connect links for an application's end users. */
@Path("/v1/projects/{project}/connect-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ConnectSessionResource {

    private final ConnectSessionService sessions;
    private final SecurityIdentity identity;

    public ConnectSessionResource(ConnectSessionService sessions, SecurityIdentity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("project") String project, ConnectSessionService.NewConnectSession request,
            HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return sessions.create(Caller.of(identity), project, request, RequestInfo.of(http))
                .map(created -> Response.created(URI.create("/v1/projects/" + project + "/connect-sessions/"
                        + created.id())).entity(created).header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/{id}")
    public Uni<ConnectSessionService.SessionView> get(@PathParam("project") String project, @PathParam("id") UUID id) {
        return sessions.get(Caller.of(identity), project, id);
    }
}
