-- Projects own connections, API keys and bindings; people act in them through memberships. Every user has a
-- personal project named ~<username>; every row from before projects moves into its owner's personal project.

CREATE TABLE projects (
    id                   uuid        PRIMARY KEY,
    name                 text        NOT NULL UNIQUE,   -- [a-z0-9-]{3,63}, or ~<username> for a personal project
    display_name         text,
    personal_user_id     uuid        UNIQUE REFERENCES users (id) ON DELETE CASCADE,  -- set for personal projects
    allowed_return_urls  text        NOT NULL DEFAULT '',  -- space-separated globs a connect session's return_to must match
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

CREATE TABLE project_members (
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);

INSERT INTO projects (id, name, display_name, personal_user_id, created_at, updated_at)
SELECT gen_random_uuid(), '~' || username, username, id, created_at, now() FROM users;
INSERT INTO project_members (project_id, user_id, role, created_at)
SELECT id, personal_user_id, 'owner', created_at FROM projects;

-- Connections belong to a project; owner_id now names who created or connected it (null once that user is gone,
-- or for a connection an end user made through a connect session). subject is the application's own key.
ALTER TABLE connections ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE connections ADD COLUMN subject text;
UPDATE connections c SET project_id = p.id FROM projects p WHERE p.personal_user_id = c.owner_id;
ALTER TABLE connections ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE connections ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE connections DROP CONSTRAINT connections_owner_id_fkey;
ALTER TABLE connections ADD CONSTRAINT connections_owner_id_fkey
    FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL;
DROP INDEX connections_owner_provider_account_uq;
DROP INDEX connections_owner_idx;
CREATE UNIQUE INDEX connections_project_provider_subject_uq
    ON connections (project_id, provider, subject) WHERE subject IS NOT NULL;
CREATE UNIQUE INDEX connections_project_provider_account_uq
    ON connections (project_id, provider, coalesce(external_account, '')) WHERE subject IS NULL;
CREATE INDEX connections_project_idx ON connections (project_id, created_at, id);

-- API keys and bindings belong to a project, not to the member who made them (created_by; the audit log names
-- them too). A scope: permissions (API keys), providers and connection ids (null: every one of the project).
ALTER TABLE api_keys ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE api_keys ADD COLUMN permissions text NOT NULL DEFAULT 'tokens:read';
ALTER TABLE api_keys ADD COLUMN providers text;
UPDATE api_keys k SET project_id = p.id FROM projects p WHERE p.personal_user_id = k.owner_id;
ALTER TABLE api_keys ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE api_keys ALTER COLUMN permissions DROP DEFAULT;
ALTER TABLE api_keys ALTER COLUMN connection_ids DROP NOT NULL;
ALTER TABLE api_keys RENAME COLUMN owner_id TO created_by;
ALTER TABLE api_keys ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_owner_id_fkey;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_created_by_fkey
    FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL;
DROP INDEX api_keys_owner_idx;
CREATE INDEX api_keys_project_idx ON api_keys (project_id, created_at, id);
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by);

ALTER TABLE bindings ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE bindings ADD COLUMN providers text;
UPDATE bindings b SET project_id = p.id FROM projects p WHERE p.personal_user_id = b.owner_id;
ALTER TABLE bindings ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE bindings ALTER COLUMN connection_ids DROP NOT NULL;
ALTER TABLE bindings RENAME COLUMN owner_id TO created_by;
ALTER TABLE bindings ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE bindings DROP CONSTRAINT bindings_owner_id_fkey;
ALTER TABLE bindings ADD CONSTRAINT bindings_created_by_fkey
    FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX bindings_project_idx ON bindings (project_id, created_at, id);

-- The audit log names the project of the connection an event concerns: members see their projects' events.
ALTER TABLE audit_events ADD COLUMN project_id uuid;
UPDATE audit_events a SET project_id = p.id FROM projects p WHERE p.personal_user_id = a.connection_owner;
DROP INDEX audit_owner_idx;
ALTER TABLE audit_events DROP COLUMN connection_owner;
CREATE INDEX audit_project_idx ON audit_events (project_id, at DESC, id DESC);

-- Connect flows run for a project and a subject; a flow started from a connect session has no user.
ALTER TABLE connect_flows ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE connect_flows ADD COLUMN subject text;
ALTER TABLE connect_flows ADD COLUMN connect_session_id uuid;
UPDATE connect_flows f SET project_id = p.id FROM projects p WHERE p.personal_user_id = f.owner_id;
ALTER TABLE connect_flows ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE connect_flows ALTER COLUMN owner_id DROP NOT NULL;

-- Connect sessions: an application sends its end user (no account here) to connect_url, which carries a secret
-- whose SHA-256 is kept. Usable once, until expires_at.
CREATE TABLE connect_sessions (
    id             uuid        PRIMARY KEY,
    project_id     uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider       text        NOT NULL REFERENCES providers (name) ON DELETE CASCADE,
    subject        text        NOT NULL,
    return_to      text,
    token_hash     text        NOT NULL UNIQUE,
    status         text        NOT NULL CHECK (status IN ('pending', 'started', 'connected', 'failed')),
    error          text,
    connection_id  uuid,
    created_by     text        NOT NULL,          -- who asked for it, as the audit log names them
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    finished_at    timestamptz
);
CREATE INDEX connect_sessions_project_idx ON connect_sessions (project_id, created_at);
CREATE INDEX connect_sessions_expiry_idx ON connect_sessions (expires_at);
