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
    /** The project the connection will belong to, and the application's subject for it (null for a user's own). */
    public UUID projectId;
    public String subject;
    /** The connect session this flow runs for (an end user without an account here); null for a signed-in user. */
    public UUID connectSessionId;
    /** The signed-in user who started it; null for a connect session. */
    public UUID ownerId;
    /** Who started it, as the audit log names them. */
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
