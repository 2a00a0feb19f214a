-- Usage ingestion. usage_subscriptions is what a record is validated against; it is kept by
-- a subscribing handler in the transaction of the subscription events.
CREATE TABLE usage_subscriptions (
    subscription_id       VARCHAR(64) PRIMARY KEY,
    status                VARCHAR(20) NOT NULL,
    pricing_model         VARCHAR(20) NOT NULL,
    test_clock_id         VARCHAR(64),
    period_start          TIMESTAMPTZ NOT NULL,
    period_end            TIMESTAMPTZ NOT NULL,
    previous_period_start TIMESTAMPTZ
);

-- Every accepted record, written in the same transaction as its UsageRecorded event: the
-- primary key makes idempotency keys unique (two concurrent requests with one key store
-- one record), and it is the exact, never-stale ledger invoicing sums a closed period from.
CREATE TABLE usage_records (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    record_id       VARCHAR(64)  NOT NULL UNIQUE,
    subscription_id VARCHAR(64)  NOT NULL,
    quantity        BIGINT       NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    properties      JSONB        NOT NULL,
    period_start    TIMESTAMPTZ  NOT NULL,
    period_end      TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX usage_records_period ON usage_records (subscription_id, period_start);

-- Periods whose invoice was finalized: they take no more usage.
CREATE TABLE usage_period_closures (
    subscription_id VARCHAR(64) NOT NULL,
    period_start    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subscription_id, period_start)
);
