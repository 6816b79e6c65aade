package dev.tokenvault.webhook;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code /v1/projects/{project}/webhooks}: where a project's events go, and how their deliveries went. */
@Path("/v1/projects/{project}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDocs.WEBHOOKS)
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
@SecurityRequirement(name = ApiDocs.API_KEY)
@SecurityRequirement(name = ApiDocs.SESSION_COOKIE)
public class WebhookResource {

    private final WebhookService webhooks;
    private final SecurityIdentity identity;

    public WebhookResource(WebhookService webhooks, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Add a webhook endpoint to a project",
            description = "Deliveries follow the Standard Webhooks specification, signed with `secret`, which is shown "
                    + "only in this answer. `events`: names such as `connection.needs_reauth`, or `[\"*\"]`.")
    @APIResponseSchema(value = WebhookView.class, responseCode = "201",
            responseDescription = "Added; `secret` is shown once.")
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Uni<Response> create(@PathParam("project") String project, WebhookService.NewWebhook request,
            @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return webhooks.create(Caller.of(identity), project, request, RequestInfo.of(http))
                .map(view -> Response.created(URI.create("/v1/projects/" + project + "/webhooks/" + view.id()))
                        .entity(view).header("Cache-Control", "no-store").build());
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List a project's webhook endpoints")
    public Uni<Page<WebhookView>> list(@PathParam("project") String project) {
        return webhooks.list(Caller.of(identity), project);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
    public Uni<WebhookView> get(@PathParam("project") String project, @PathParam("id") UUID id) {
        return webhooks.get(Caller.of(identity), project, id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateWebhook", summary = "Change a webhook endpoint",
            description = "E.g. `{\"enabled\":true}` again after it was disabled.")
    public Uni<WebhookView> change(@PathParam("project") String project, @PathParam("id") UUID id,
            WebhookService.WebhookChange request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalidRequest("request body is required");
        }
        return webhooks.change(Caller.of(identity), project, id, request, RequestInfo.of(http));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Response> delete(@PathParam("project") String project, @PathParam("id") UUID id,
            @Context HttpServerRequest http) {
        return webhooks.delete(Caller.of(identity), project, id, RequestInfo.of(http))
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/ping")
    @Operation(operationId = "pingWebhook", summary = "Send a ping event to a webhook endpoint",
            description = "Delivered like any event.")
    @APIResponseSchema(value = WebhookService.Pinged.class, responseCode = "202",
            responseDescription = "The ping event, queued for delivery.")
    public Uni<Response> ping(@PathParam("project") String project, @PathParam("id") UUID id) {
        return webhooks.ping(Caller.of(identity), project, id).map(pinged -> Response.accepted(pinged).build());
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List a webhook endpoint's delivery attempts",
            description = "Every attempt: status code and outcome, newest first.")
    public Uni<Page<DeliveryStore.Attempt>> deliveries(@PathParam("project") String project, @PathParam("id") UUID id,
            @QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken) {
        return webhooks.deliveries(Caller.of(identity), project, id, PageRequest.of(pageSize, pageToken));
    }
}
