-- The credentials authentication reads; written in the same transaction as the ApiKey events.
CREATE TABLE api_key_credentials (
    api_key_id  VARCHAR(64)  PRIMARY KEY,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    scopes      VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
