-- Leak response. Keyed fingerprints (HMAC-SHA256 under the service's fingerprint key, which does not change when the
-- encryption keys rotate) of each connection's current tokens and of every API key, so that a leaked token, or
-- only its fingerprint, finds what it is; the audit log already holds the fingerprint of every token handed out.

ALTER TABLE connections ADD COLUMN access_fingerprint text, ADD COLUMN refresh_fingerprint text;
CREATE INDEX connections_access_fingerprint_idx ON connections (access_fingerprint) WHERE access_fingerprint IS NOT NULL;
CREATE INDEX connections_refresh_fingerprint_idx ON connections (refresh_fingerprint) WHERE refresh_fingerprint IS NOT NULL;

-- Keys made before this migration have none (only their SHA-256 is stored): they are found by the key itself.
ALTER TABLE api_keys ADD COLUMN fingerprint text;
CREATE INDEX api_keys_fingerprint_idx ON api_keys (fingerprint) WHERE fingerprint IS NOT NULL;

CREATE INDEX audit_fingerprint_idx ON audit_events (token_fingerprint, at) WHERE token_fingerprint IS NOT NULL;
