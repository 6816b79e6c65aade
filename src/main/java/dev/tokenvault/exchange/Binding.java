package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Which subject tokens of a trusted issuer become which workload: issuer and audience, claims that must
 * match ({@code *} globs), the project the workload acts in (reading tokens), optionally only some of its
 * providers or connections, and how long its token lives.
 */
@Entity
@Table(name = "bindings")
public class Binding {

    @Id
    public UUID id;
    public UUID issuerId;
    public String audience;
    /** Claim name or JSON pointer → glob, or a list of globs (any may match). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> boundClaims;
    public UUID projectId;
    /** Who made the binding; null once they are gone. */
    public UUID createdBy;
    /** Space-separated provider names the workload is limited to; null for every provider of the project. */
    public String providers;
    /** Space-separated connection ids the workload is limited to; null for every connection of the project. */
    public String connectionIds;
    public int ttlSeconds;
    public Instant createdAt;
}
