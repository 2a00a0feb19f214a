-- Lookup tables the command side decides with. Each is written by a subscribing event
-- handler in the same transaction as the events it follows, so it is never behind.

CREATE TABLE plan_terms (
    plan_id           VARCHAR(64) PRIMARY KEY,
    status            VARCHAR(20) NOT NULL,
    pricing_model     VARCHAR(20) NOT NULL,
    amount_cents      BIGINT      NOT NULL,
    currency          CHAR(3)     NOT NULL,
    billing_interval  VARCHAR(10) NOT NULL,
    trial_period_days INTEGER     NOT NULL
);

CREATE TABLE customer_accounts (
    customer_id   VARCHAR(64) PRIMARY KEY,
    test_clock_id VARCHAR(64)
);

-- One subscription per customer and plan that is not canceled: the partial unique index is
-- the guarantee under concurrent requests.
CREATE TABLE subscription_slots (
    subscription_id VARCHAR(64) PRIMARY KEY,
    customer_id     VARCHAR(64) NOT NULL,
    plan_id         VARCHAR(64) NOT NULL,
    currency        CHAR(3)     NOT NULL,
    released        BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX subscription_slots_one_per_customer_and_plan
    ON subscription_slots (customer_id, plan_id) WHERE NOT released;

CREATE TABLE test_clock_times (
    test_clock_id VARCHAR(64) PRIMARY KEY,
    frozen_time   TIMESTAMPTZ NOT NULL
);
