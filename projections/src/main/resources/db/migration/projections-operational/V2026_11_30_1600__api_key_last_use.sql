-- When each API key last authenticated a request: operational telemetry, not a business fact, so
-- not an event (docs/security.md). The read side owns it because the read side shows it (lastUsedAt
-- on the API key view); it lives in its own folder because, unlike every table in
-- db/migration/projections, no event handler writes it and a replay neither rebuilds nor clears it
-- (docs/architecture.md, tables that cannot be rebuilt).
CREATE TABLE api_key_last_use (
    key_id       VARCHAR(64) PRIMARY KEY,
    last_used_at TIMESTAMPTZ NOT NULL
);
