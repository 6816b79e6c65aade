-- Server-side sessions: every user JWT names its session (claim "sid"); a session that is gone, expired or idle
-- too long ends every JWT and cookie issued for it, on every replica within seconds (a short cache per replica).
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,          -- moved forward at most once a minute; the idle timeout counts from it
    expires_at    timestamptz NOT NULL,          -- the absolute end of the session
    ip            text,
    user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

-- A disabled user cannot sign in and their sessions end.
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- A refresh whose request may have reached the provider: set with the lease, cleared when the outcome is written.
-- Another replica takes over such a lease only after the holder's write-retry window, so a live holder that could
-- not write its new pair (database away) is never overtaken by a second use of the same refresh token.
ALTER TABLE connections ADD COLUMN refresh_sent_at timestamptz;

-- Keys the service derives its HMACs from (audit fingerprints, CSRF tokens): random, generated once, sealed under
-- the encryption key like any secret (so rotating that key re-wraps them but never changes them).
CREATE TABLE service_keys (
    purpose     text PRIMARY KEY,
    id          uuid        NOT NULL UNIQUE,
    key_value   bytea       NOT NULL,               -- sealed
    key_id      text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- Whether the provider rotates refresh tokens (each refresh answers a new one and the old one dies): null when
-- not known. A refresh interrupted by a crashed replica is not retried with the same token at a rotating provider
-- (the provider consumed it, and a second use could revoke the whole grant): the connection needs a person.
ALTER TABLE providers ADD COLUMN rotates_refresh_tokens boolean;
