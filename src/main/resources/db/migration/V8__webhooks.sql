-- Webhooks. Connection and API-key events go to an outbox in the same transaction (or statement) as the change
-- that causes them; a worker on any replica fans them out into one delivery per matching endpoint and delivers.

CREATE TABLE outbox_events (
    id          uuid        PRIMARY KEY,
    project_id  uuid        NOT NULL,
    type        text        NOT NULL,
    payload     jsonb       NOT NULL,            -- the event's data: names a connection or key, never a secret
    created_at  timestamptz NOT NULL
);
CREATE INDEX outbox_events_created_idx ON outbox_events (created_at, id);

CREATE TABLE webhook_endpoints (
    id               uuid        PRIMARY KEY,
    project_id       uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    url              text        NOT NULL,
    description      text,
    events           text        NOT NULL,       -- space-separated event types, or *
    enabled          boolean     NOT NULL DEFAULT true,
    disabled_reason  text,
    secret           bytea       NOT NULL,       -- sealed signing secret (whsec_...)
    key_id           text        NOT NULL,
    failed_events    integer     NOT NULL DEFAULT 0,  -- events in a row whose every attempt failed
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_project_idx ON webhook_endpoints (project_id, created_at, id);

CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY,
    event_id         uuid        NOT NULL,       -- the webhook-id: the same for every attempt
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    type             text        NOT NULL,
    payload          jsonb       NOT NULL,
    event_at         timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,                -- a replica is delivering this attempt until then
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (finished_at) WHERE status <> 'pending';

CREATE TABLE webhook_attempts (
    id               uuid        PRIMARY KEY,
    delivery_id      uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id      uuid        NOT NULL,
    event_id         uuid        NOT NULL,
    type             text        NOT NULL,
    attempt          integer     NOT NULL,
    status_code      integer,
    outcome          text        NOT NULL,       -- delivered, failed, gone, unsafe_target, timeout, unreachable
    at               timestamptz NOT NULL,
    next_attempt_at  timestamptz
);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, at DESC, id);

-- once per refresh token / per key: when the warning went out
ALTER TABLE connections ADD COLUMN reauth_warned_at timestamptz;
ALTER TABLE api_keys ADD COLUMN expiry_warned_at timestamptz;
