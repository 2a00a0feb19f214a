-- Read tables, derived from the event store; replay drops their rows and rebuilds them.

-- The whole subscription view as the API shows it (folded by SubscriptionViewEvolver), with
-- real columns only for what lists filter and sort on.
CREATE TABLE subscription_directory (
    id          VARCHAR(64)  PRIMARY KEY,
    customer_id VARCHAR(64)  NOT NULL,
    plan_id     VARCHAR(64)  NOT NULL,
    status      VARCHAR(20)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    version     BIGINT       NOT NULL,
    view        JSONB        NOT NULL
);
CREATE INDEX subscription_directory_created ON subscription_directory (created_at DESC, id);
CREATE INDEX subscription_directory_customer_created ON subscription_directory (customer_id, created_at DESC, id);
CREATE INDEX subscription_directory_plan_created ON subscription_directory (plan_id, created_at DESC, id);
CREATE INDEX subscription_directory_status_created ON subscription_directory (status, created_at DESC, id);

CREATE TABLE test_clock_directory (
    id           VARCHAR(64)  PRIMARY KEY,
    name         TEXT,
    frozen_time  TIMESTAMPTZ  NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    advancing_to TIMESTAMPTZ,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    version      BIGINT       NOT NULL
);
