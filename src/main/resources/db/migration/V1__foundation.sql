-- tokenvault foundation schema: users, providers, connections, audit events.
-- Every secret column holds an AES-256-GCM sealed value (see dev.tokenvault.crypto.Sealer);
-- key_id names the key that sealed the row's secrets, for rotation and GET /v1/admin/keys.

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    username       text        NOT NULL UNIQUE,
    password_hash  text        NOT NULL,
    roles          text        NOT NULL,              -- space-separated: admin, user
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE providers (
    id                    uuid PRIMARY KEY,
    name                  text        NOT NULL UNIQUE,
    token_url             text        NOT NULL,
    authorize_url         text,
    revocation_url        text,
    client_id             text        NOT NULL,
    client_secret         bytea       NOT NULL,       -- sealed
    key_id                text        NOT NULL,
    auth_method           text        NOT NULL,
    scopes                text        NOT NULL DEFAULT '',  -- space-separated, as in OAuth
    refresh_skew_seconds  integer     NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

CREATE TABLE connections (
    id                    uuid PRIMARY KEY,
    owner_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider              text        NOT NULL REFERENCES providers (name),
    external_account      text,
    access_token          bytea,                      -- sealed
    refresh_token         bytea,                      -- sealed
    key_id                text        NOT NULL,
    token_type            text        NOT NULL DEFAULT 'Bearer',
    expires_at            timestamptz,
    scopes                text        NOT NULL DEFAULT '',
    metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state                 text        NOT NULL DEFAULT 'ACTIVE',  -- ACTIVE, NEEDS_REAUTH, ERROR, REVOKED
    state_reason          text,
    state_message         text,
    last_error_at         timestamptz,
    next_retry_at         timestamptz,
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    version               bigint      NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    last_refreshed_at     timestamptz,
    last_used_at          timestamptz
);
CREATE INDEX connections_owner_idx ON connections (owner_id, created_at, id);
CREATE UNIQUE INDEX connections_owner_provider_account_uq
    ON connections (owner_id, provider, coalesce(external_account, ''));
CREATE INDEX connections_key_idx ON connections (key_id);

CREATE TABLE audit_events (
    id                 uuid PRIMARY KEY,
    at                 timestamptz NOT NULL,
    actor_kind         text        NOT NULL,          -- user, workload, api_key, anonymous, system
    actor_subject      text,
    action             text        NOT NULL,
    connection_id      uuid,
    connection_owner   uuid,                          -- whose connection it was: owners see these events
    provider           text,
    outcome            text        NOT NULL,          -- success, failure, denied
    status_code        integer,
    app_name           text,
    purpose            text,
    ip                 text,
    user_agent         text,
    latency_ms         integer,
    token_fingerprint  text,
    error_code         text
);
CREATE INDEX audit_at_idx ON audit_events (at DESC, id DESC);
CREATE INDEX audit_owner_idx ON audit_events (connection_owner, at DESC);
CREATE INDEX audit_actor_idx ON audit_events (actor_subject, at DESC);
CREATE INDEX audit_connection_idx ON audit_events (connection_id, at DESC);
-- failed logins are counted per attempted username and per client IP for rate limiting
CREATE INDEX audit_login_failures_subject_idx ON audit_events (actor_subject, at) WHERE action = 'auth.failure';
CREATE INDEX audit_login_failures_ip_idx ON audit_events (ip, at) WHERE action = 'auth.failure';
