package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An OIDC issuer whose JWTs may be exchanged for workload tokens: a CI platform (GitHub Actions, GitLab CI)
 * or a Kubernetes cluster. Its signing keys come from {@link #jwksUri} (given, or found by OIDC discovery) or
 * from a JWKS given inline.
 */
@Entity
@Table(name = "trusted_issuers")
public class TrustedIssuer {

    @Id
    public UUID id;
    /** The exact {@code iss} of the subject tokens. */
    public String issuer;
    public String jwksUri;
    /** A JWKS given inline (public keys only), for clusters whose JWKS endpoint is not reachable. */
    public String jwks;
    /** Space-separated accepted {@code aud} values. */
    public String audiences;
    public Instant createdAt;
    public Instant updatedAt;

    public List<String> audienceList() {
        return audiences == null || audiences.isBlank() ? List.of() : List.of(audiences.trim().split("\\s+"));
    }
}
