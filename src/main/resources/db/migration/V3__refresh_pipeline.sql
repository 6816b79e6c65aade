-- Refresh pipeline: a lease on the connection row coordinates one refresh across replicas.
-- (V2 is reserved for the machine-callers migration.)
ALTER TABLE connections ADD COLUMN lease_owner text;
ALTER TABLE connections ADD COLUMN lease_until timestamptz;

-- The proactive scheduler looks for refreshable connections by expiry.
CREATE INDEX connections_refresh_due_idx ON connections (expires_at)
    WHERE refresh_token IS NOT NULL AND state IN ('ACTIVE', 'ERROR');
-- Health history reads the last refresh outcomes of a connection.
CREATE INDEX audit_refresh_idx ON audit_events (connection_id, at DESC) WHERE action = 'token.refresh';
