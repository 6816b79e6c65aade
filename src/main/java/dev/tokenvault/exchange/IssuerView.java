package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A trusted issuer as shown to administrators. */
public record IssuerView(UUID id, String issuer, String jwksUri, boolean jwksInline, List<String> audiences,
        Instant createdAt) {

    static IssuerView of(TrustedIssuer i) {
        return new IssuerView(i.id, i.issuer, i.jwksUri, i.jwks != null, i.audienceList(), i.createdAt);
    }
}
