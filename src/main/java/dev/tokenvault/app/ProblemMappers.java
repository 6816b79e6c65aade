package dev.tokenvault.app;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.crypto.SealingException;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.InvalidParameter;
import dev.tokenvault.platform.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one place where failures become {@code application/problem+json}. Details are fixed phrases or
 * domain messages written for callers; exception messages from libraries are never echoed, so no class
 * name, SQL or secret can leak.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AuditWriter audit;
    private final DatabaseOutage outage;

    public ProblemMappers(AuditWriter audit, DatabaseOutage outage) {
        this.audit = audit;
        this.outage = outage;
    }

    @ServerExceptionMapper
    public Response domain(ApiException e) {
        return Problem.of(e.status(), e.code(), e.getMessage()).toResponse(e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response integrity(SealingException e) {
        LOG.errorf("a stored secret could not be opened: %s", e.getMessage());
        return Problem.of(500, "integrity_error",
                "a stored secret could not be decrypted (tampered with, moved, or its key is not configured)")
                .toResponse(null);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return invalid("unknown field '" + e.getPropertyName() + "'");
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return invalid("field '" + fieldPath(e) + "' has the wrong type or format");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String path = fieldPath(e);
        return invalid(path.isEmpty() ? "request body has the wrong shape" : "field '" + path + "' has the wrong type");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return invalid("request body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response parameter(InvalidParameter e) {
        return Problem.of(e.status(), e.code(), e.getMessage()).toResponse(null);
    }

    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        if (Db.isUnavailable(e)) { // the credential could not be checked: not the caller's fault
            return Uni.createFrom().item(unexpected(e));
        }
        return audit.authFailure(request, "invalid_credentials")
                .onFailure().recoverWithNull()
                .map(ignored -> unauthenticated("credentials are missing, invalid or expired"));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("authentication is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "the caller may not do this").toResponse(null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 401) {
            return unauthenticated("authentication is required");
        }
        return switch (status) {
            case 400 -> invalid("request is malformed");
            case 403 -> Problem.of(403, "forbidden", "the caller may not do this").toResponse(null);
            case 404 -> Problem.of(404, "not_found", "no such resource").toResponse(null);
            case 405 -> Problem.of(405, "method_not_allowed", "method not allowed on this resource").toResponse(null);
            case 406 -> Problem.of(406, "not_acceptable", "cannot produce the requested media type").toResponse(null);
            case 413 -> payloadTooLarge();
            case 415 -> Problem.of(415, "unsupported_media_type", "unsupported content type").toResponse(null);
            default -> status >= 500 ? internal(e) : Problem.of(status, "invalid_request", "request refused").toResponse(null);
        };
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (Db.isUnavailable(e)) {
            outage.happened(e);
            return Problem.of(503, "database_unavailable", "the database cannot be reached right now; retry later")
                    .toResponse(DatabaseOutage.RETRY_AFTER_SECONDS);
        }
        return internal(e);
    }

    public static Response payloadTooLarge() {
        return Problem.of(413, "payload_too_large", "request body exceeds 64 KiB").toResponse(null);
    }

    private static Response internal(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.of(500, "internal_error", "an unexpected error occurred").toResponse(null);
    }

    private static Response invalid(String detail) {
        return Problem.of(400, "invalid_request", detail).toResponse(null);
    }

    private static Response unauthenticated(String detail) {
        Response response = Problem.of(401, "unauthenticated", detail).toResponse(null);
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
