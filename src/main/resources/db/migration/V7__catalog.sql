-- Provider catalog: a provider made from a catalog entry remembers the entry and what it says about the provider
-- (how it departs from RFC 6749, its token lifetimes, extra authorize parameters, how a credential is checked).
-- (V6 is the projects migration.)
ALTER TABLE providers ADD COLUMN template text;                              -- catalog entry id, null when made by hand
ALTER TABLE providers ADD COLUMN kind text NOT NULL DEFAULT 'oauth2';        -- oauth2, api_key
ALTER TABLE providers ADD COLUMN quirks text NOT NULL DEFAULT '';            -- space-separated quirk names
ALTER TABLE providers ADD COLUMN access_token_lifetime_seconds integer;      -- when answers carry no expires_in
ALTER TABLE providers ADD COLUMN refresh_token_inactivity_seconds integer;   -- a refresh token unused this long dies
ALTER TABLE providers ADD COLUMN refresh_token_lifetime_seconds integer;     -- the grant dies this long after consent
ALTER TABLE providers ADD COLUMN refresh_token_expires_in_field text;        -- answer field: the refresh token's life
ALTER TABLE providers ADD COLUMN token_response_path text;                   -- the tokens sit in this nested object
ALTER TABLE providers ADD COLUMN metadata_fields text NOT NULL DEFAULT '';   -- answer fields kept in connection metadata
ALTER TABLE providers ADD COLUMN callback_params text NOT NULL DEFAULT '';   -- callback parameters kept in metadata
ALTER TABLE providers ADD COLUMN reauth_errors text NOT NULL DEFAULT '';     -- error codes that mean "reconnect"
ALTER TABLE providers ADD COLUMN authorize_params jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE providers ADD COLUMN scope_separator text NOT NULL DEFAULT ' ';
ALTER TABLE providers ADD COLUMN validation_method text;                     -- GET, HEAD, POST
ALTER TABLE providers ADD COLUMN validation_url text;
ALTER TABLE providers ADD COLUMN validation_auth text;                       -- bearer, header:<Name>
ALTER TABLE providers ADD COLUMN validation_status text;                     -- space-separated statuses meaning valid

-- A static API token (kind api_key) has no OAuth application: no token URL, client id or secret.
ALTER TABLE providers ALTER COLUMN token_url DROP NOT NULL;
ALTER TABLE providers ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE providers ALTER COLUMN client_secret DROP NOT NULL;
ALTER TABLE providers ALTER COLUMN auth_method DROP NOT NULL;
ALTER TABLE providers ADD CONSTRAINT providers_oauth2_complete
    CHECK (kind = 'api_key' OR (token_url IS NOT NULL AND client_id IS NOT NULL AND client_secret IS NOT NULL
                                AND auth_method IS NOT NULL));
ALTER TABLE providers ADD CONSTRAINT providers_kind_known CHECK (kind IN ('oauth2', 'api_key'));

-- When the stored refresh token itself stops working, where the provider says so or the catalog knows its rule
-- (the least of its remaining life and the grant's end); grant_expires_at is that end (consent + the catalog's
-- lifetime), kept across refreshes. last_checked_at: the last run of the provider's validation request.
ALTER TABLE connections ADD COLUMN reauth_due_at timestamptz;
ALTER TABLE connections ADD COLUMN grant_expires_at timestamptz;
ALTER TABLE connections ADD COLUMN last_checked_at timestamptz;
