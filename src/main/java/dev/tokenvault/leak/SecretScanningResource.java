package dev.tokenvault.leak;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/secret-scanning/github}: GitHub's secret scanning partner endpoint. No caller identity: the request
 * is authenticated by GitHub's ECDSA signature over the raw body.
 */
@Path("/v1/secret-scanning/github")
@PermitAll
@Tag(name = ApiDocs.LEAKS)
public class SecretScanningResource {

    private final SecretScanningService scanning;

    public SecretScanningResource(SecretScanningService scanning) {
        this.scanning = scanning;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @Operation(operationId = "githubSecretScanning", summary = "Receive GitHub secret scanning alerts for tvk_ keys",
            description = "GitHub posts the `tvk_` keys it found in public code, signed (ECDSA P-256, SHA-256, over "
                    + "the raw body) with a key it publishes at `TOKENVAULT_SECRET_SCANNING_GITHUB_KEYS_URL`. An "
                    + "unsigned or badly signed request is refused with `401` and changes nothing. Every known key "
                    + "is revoked at once and `api_key.leaked` announced.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                    implementation = GitHubFinding.class)))
    @APIResponse(responseCode = "200", description = "Each token labelled.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                    implementation = SecretScanningService.Label.class)))
    public Uni<List<SecretScanningService.Label>> report(
            @Parameter(description = "Which of GitHub's keys signed the body.")
            @HeaderParam("Github-Public-Key-Identifier") String keyId,
            @Parameter(description = "Base64 of the DER ECDSA signature over the raw body.")
            @HeaderParam("Github-Public-Key-Signature") String signature,
            byte[] body, @Context HttpServerRequest http) {
        return scanning.report(keyId, signature, body == null ? new byte[0] : body, RequestInfo.of(http));
    }

    /** One token GitHub found (for the document only; the body is read raw, as signed). */
    @Schema(name = "GitHubSecretScanningFinding", properties = {
            @SchemaProperty(name = "token", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING),
            @SchemaProperty(name = "type", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING),
            @SchemaProperty(name = "url", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING),
            @SchemaProperty(name = "source", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING) })
    public record GitHubFinding(String token, String type, String url, String source) {
    }
}
