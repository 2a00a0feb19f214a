-- Read tables of the revenue metrics (issue 17, docs/metrics.md). Rebuilt by replay of the
-- revenue-metrics processor.

-- What each subscription contributes to MRR now, and the terms it is computed from.
CREATE TABLE revenue_subscriptions (
    subscription_id    VARCHAR(64)  PRIMARY KEY,
    customer_id        VARCHAR(64)  NOT NULL,
    currency           VARCHAR(3)   NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    pricing_model      VARCHAR(20)  NOT NULL,
    unit_price_cents   BIGINT       NOT NULL,
    billing_interval   VARCHAR(10)  NOT NULL,
    quantity           BIGINT       NOT NULL,
    metered_cents      BIGINT       NOT NULL,
    mrr_cents          BIGINT       NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL
);

-- Every change of a subscription's MRR or status, at the time it took effect (the subscription's
-- clock): the timeline every figure for a past instant is folded from. One row per event
-- (event_id unique: a redelivered event adds nothing); id is the order the events were handled in.
CREATE TABLE revenue_mrr_changes (
    id                   BIGSERIAL    PRIMARY KEY,
    event_id             VARCHAR(64)  NOT NULL UNIQUE,
    subscription_id      VARCHAR(64)  NOT NULL,
    customer_id          VARCHAR(64)  NOT NULL,
    currency             VARCHAR(3)   NOT NULL,
    effective_at         TIMESTAMPTZ  NOT NULL,
    mrr_cents            BIGINT       NOT NULL,
    delta_cents          BIGINT       NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    cancellation_reason  VARCHAR(20)
);
CREATE INDEX revenue_mrr_changes_by_time ON revenue_mrr_changes (currency, effective_at, id);

-- The daily series: per currency and UTC day, the net change of MRR during that day; MRR at the end
-- of a day is the sum of its own and every earlier day's row.
CREATE TABLE revenue_mrr_daily (
    currency     VARCHAR(3)  NOT NULL,
    day          DATE        NOT NULL,
    delta_cents  BIGINT      NOT NULL,
    PRIMARY KEY (currency, day)
);

-- A finalized invoice's usage amount, until the UsagePeriodClosed that follows it names the subscription.
CREATE TABLE revenue_usage_invoices (
    invoice_id    VARCHAR(64)  PRIMARY KEY,
    amount_cents  BIGINT       NOT NULL,
    finalized_at  TIMESTAMPTZ  NOT NULL
);
