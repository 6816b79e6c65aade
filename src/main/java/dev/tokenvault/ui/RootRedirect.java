package dev.tokenvault.ui;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code /} is the UI. */
@Path("/")
@PermitAll
public class RootRedirect {

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/connections")).build();
    }
}
