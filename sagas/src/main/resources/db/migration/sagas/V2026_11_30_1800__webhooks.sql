-- Outbound webhooks (docs/webhooks.md). Written by the webhook-outbox processor in the
-- transaction of its token, and by the delivery workers. Not rebuilt by a replay: the
-- deliveries and their attempts are an operational log, not domain state.

-- The endpoints as the outbox and the workers see them, folded from the WebhookEndpoint*
-- events in stream order. Secrets only sealed (AES-GCM, WEBHOOK_SIGNING_SECRET).
CREATE TABLE webhook_endpoints (
    endpoint_id            VARCHAR(64)   PRIMARY KEY,
    url                    VARCHAR(2048) NOT NULL,
    event_types            VARCHAR(4000) NOT NULL,
    description            VARCHAR(500),
    active                 BOOLEAN       NOT NULL,
    deleted                BOOLEAN       NOT NULL DEFAULT FALSE,
    sealed_secret          VARCHAR(200)  NOT NULL,
    previous_sealed_secret VARCHAR(200),
    previous_valid_until   TIMESTAMPTZ,
    -- since when every attempt failed (null after a success): WEBHOOK_DISABLE_AFTER counts from it
    failing_since          TIMESTAMPTZ,
    created_at             TIMESTAMPTZ   NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL,
    version                BIGINT        NOT NULL
);

-- One row per (domain event, endpoint): the seed's WebhookEvent.
CREATE TABLE webhook_deliveries (
    id                   VARCHAR(64)  PRIMARY KEY,
    endpoint_id          VARCHAR(64)  NOT NULL,
    type                 VARCHAR(100) NOT NULL,
    -- what the payload's data is rendered from (the read side, at least at this version)
    resource_kind        VARCHAR(32)  NOT NULL,
    resource_id          VARCHAR(64)  NOT NULL,
    resource_version     BIGINT       NOT NULL,
    event_created_at     TIMESTAMPTZ  NOT NULL,
    event_position       BIGINT,
    -- the exact body, fixed at the first attempt so every retry signs the same bytes
    payload              TEXT,
    status               VARCHAR(16)  NOT NULL,
    attempt_count        INTEGER      NOT NULL DEFAULT 0,
    -- retries used since the delivery was (re)queued: the index into WEBHOOK_RETRY_SCHEDULE
    retry_index          INTEGER      NOT NULL DEFAULT 0,
    last_attempt_at      TIMESTAMPTZ,
    next_attempt_at      TIMESTAMPTZ,
    last_response_status INTEGER,
    -- a worker's claim: another worker takes the row only after it lapses (a crash mid-attempt)
    claim_token          VARCHAR(64),
    claimed_until        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (created_at, id);

CREATE TABLE webhook_attempts (
    delivery_id   VARCHAR(64)  NOT NULL REFERENCES webhook_deliveries (id),
    attempt       INTEGER      NOT NULL,
    attempted_at  TIMESTAMPTZ  NOT NULL,
    status_code   INTEGER,
    duration_ms   BIGINT       NOT NULL,
    response_body VARCHAR(1024),
    error         VARCHAR(500),
    PRIMARY KEY (delivery_id, attempt)
);
