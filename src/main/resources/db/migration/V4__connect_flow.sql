-- OAuth connect flow (authorization code with PKCE): one row per started flow, kept server-side so that any
-- replica can finish it. Single use (the callback deletes the row), valid for 10 minutes.
-- (V2 is the machine-callers migration, V3 the refresh pipeline.)
CREATE TABLE connect_flows (
    id                uuid PRIMARY KEY,
    state_hash        text        NOT NULL UNIQUE,   -- SHA-256 of the state parameter; the state itself is not stored
    browser_hash      text        NOT NULL,          -- SHA-256 of the browser-binding cookie set when the flow started
    owner_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    owner_name        text        NOT NULL,          -- the user who started it, as the audit log names them
    provider          text        NOT NULL REFERENCES providers (name) ON DELETE CASCADE,
    external_account  text,                          -- the account hint given at the start, if any
    code_verifier     bytea       NOT NULL,          -- sealed PKCE verifier
    key_id            text        NOT NULL,
    redirect_uri      text        NOT NULL,
    return_to         text,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL
);
CREATE INDEX connect_flows_expiry_idx ON connect_flows (expires_at);
