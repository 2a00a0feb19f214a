-- Usage summaries (processing group usage-summaries), derived from the event store; replay
-- truncates both tables and rebuilds them.

-- One row per UsageRecorded event, inserted ON CONFLICT (record_id) DO NOTHING: a redelivered
-- event never counts twice. Totals are summed when read. The index carries the quantity so
-- a period's sum can be an index-only scan.
CREATE TABLE usage_record_log (
    record_id       VARCHAR(64)  PRIMARY KEY,
    subscription_id VARCHAR(64)  NOT NULL,
    period_start    TIMESTAMPTZ  NOT NULL,
    period_end      TIMESTAMPTZ  NOT NULL,
    quantity        BIGINT       NOT NULL
);
CREATE INDEX usage_record_log_period ON usage_record_log (subscription_id, period_start) INCLUDE (quantity);

-- Every period a subscription has entered (a trial is a period too), and whether invoicing
-- closed it (UsagePeriodClosed).
CREATE TABLE usage_periods (
    subscription_id VARCHAR(64)  NOT NULL,
    period_start    TIMESTAMPTZ  NOT NULL,
    period_end      TIMESTAMPTZ  NOT NULL,
    closed          BOOLEAN      NOT NULL DEFAULT false,
    PRIMARY KEY (subscription_id, period_start)
);
