package dev.tokenvault.connect;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tokenvault.crypto.SealedField;

/**
 * A started OAuth connect flow, kept server-side until its callback (single use, 10 minutes). Only hashes of
 * the {@code state} parameter and of the browser-binding cookie are stored; the PKCE verifier is sealed.
 */
@Entity
@Table(name = "connect_flows")
public class ConnectFlow {

    public static final String TABLE = "connect_flows";

    @Id
    public UUID id;
    public String stateHash;
    public String browserHash;
    public UUID ownerId;
    public String ownerName;
    public String provider;
    public String externalAccount;
    public byte[] codeVerifier;
    public String keyId;
    public String redirectUri;
    public String returnTo;
    public Instant createdAt;
    public Instant expiresAt;

    public SealedField codeVerifierField() {
        return SealedField.of(TABLE, id, "code_verifier");
    }
}
