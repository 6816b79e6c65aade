-- Machine callers: trusted issuers and bindings (token exchange for CI pipelines and Kubernetes workloads),
-- the subject tokens already exchanged (replay protection shared by every replica), and API keys.

CREATE TABLE trusted_issuers (
    id          uuid PRIMARY KEY,
    issuer      text        NOT NULL UNIQUE,          -- the exact "iss" of the subject tokens
    jwks_uri    text,                                 -- given or found by OIDC discovery; null when jwks is inline
    jwks        text,                                 -- a JWKS given inline (public keys only), instead of jwks_uri
    audiences   text        NOT NULL,                 -- space-separated accepted "aud" values
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE bindings (
    id              uuid PRIMARY KEY,
    issuer_id       uuid        NOT NULL REFERENCES trusted_issuers (id),
    audience        text        NOT NULL,
    bound_claims    jsonb       NOT NULL,             -- {"claim or /json/pointer": "glob" | ["glob", ...]}
    owner_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,  -- whose connections
    connection_ids  text        NOT NULL,             -- space-separated connection ids, all owned by owner_id
    ttl_seconds     integer     NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX bindings_issuer_idx ON bindings (issuer_id, audience, created_at);

-- One row per exchanged subject token until it expires: a replay inserts nothing and is refused.
-- token_key is the token's jti, or the SHA-256 of the whole token when it has no jti.
CREATE TABLE exchanged_subject_tokens (
    issuer_id   uuid        NOT NULL,
    token_key   text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer_id, token_key)
);
CREATE INDEX exchanged_subject_tokens_expiry_idx ON exchanged_subject_tokens (expires_at);

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    owner_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    prefix          text        NOT NULL,             -- first characters of the key, to recognise it in lists
    key_hash        bytea       NOT NULL UNIQUE,      -- SHA-256 of the whole key; the key itself is not stored
    connection_ids  text        NOT NULL,             -- space-separated connection ids, all owned by owner_id
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    last_used_at    timestamptz
);
CREATE INDEX api_keys_owner_idx ON api_keys (owner_id, created_at, id);
