package dev.tokenvault.leak;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code POST /v1/leaks/revoke} did to each credential the token is or was. */
@Schema(name = "LeakRevokeReport")
public record RevokeReport(String fingerprint, List<Result> results) {

    @Schema(name = "LeakRevokeResult")
    public record Result(
            @Schema(enumeration = { "access_token", "refresh_token", "api_key" }) String kind,
            UUID project,
            UUID connectionId,
            UUID apiKeyId,
            String provider,
            @Schema(description = "An API key: deleted, refused at once on every replica.") boolean revoked,
            @Schema(description = "The provider confirmed the revocation of the leaked token (RFC 7009).")
            boolean revokedUpstream,
            @Schema(description = "The connection got a fresh token pair through the refresh pipeline.")
            boolean replaced,
            @Schema(description = "The connection's state afterwards (`ACTIVE`, `NEEDS_REAUTH`, ...).") String state) {
    }
}
