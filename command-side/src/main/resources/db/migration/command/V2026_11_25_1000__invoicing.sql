-- Invoicing. All written in the transaction of the events they follow.

-- A (subscription, reason, period or change) is invoiced at most once.
CREATE TABLE invoice_keys (
    invoice_key VARCHAR(300) PRIMARY KEY,
    invoice_id  VARCHAR(64)  NOT NULL UNIQUE,
    customer_id VARCHAR(64)  NOT NULL
);

-- Gapless invoice numbers per calendar year: the counter row is locked by the finalizing
-- transaction, so a rollback gives the number back and no number is ever skipped.
CREATE TABLE invoice_number_counters (
    year        INTEGER PRIMARY KEY,
    last_number BIGINT  NOT NULL
);

-- Proration lines waiting for the next invoice (create_prorations).
CREATE TABLE pending_invoice_items (
    item_id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id VARCHAR(64) NOT NULL,
    line            JSONB       NOT NULL,
    invoice_id      VARCHAR(64)
);
CREATE INDEX pending_invoice_items_open ON pending_invoice_items (subscription_id) WHERE invoice_id IS NULL;

-- Credit a customer has with us (net credits, credit notes on paid invoices), applied first
-- on the next invoice.
CREATE TABLE customer_credit_balances (
    customer_id VARCHAR(64) PRIMARY KEY,
    currency    CHAR(3)     NOT NULL,
    balance     BIGINT      NOT NULL
);

-- What the invoicing policy needs of a subscription between events.
CREATE TABLE invoicing_subscriptions (
    subscription_id VARCHAR(64) PRIMARY KEY,
    customer_id     VARCHAR(64) NOT NULL,
    plan_id         VARCHAR(64) NOT NULL,
    test_clock_id   VARCHAR(64),
    pricing_model   VARCHAR(20) NOT NULL,
    unit_amount     BIGINT      NOT NULL,
    currency        CHAR(3)     NOT NULL,
    quantity        BIGINT      NOT NULL,
    period_start    TIMESTAMPTZ NOT NULL,
    period_end      TIMESTAMPTZ NOT NULL,
    anchor_start    TIMESTAMPTZ NOT NULL,
    anchor_day      INTEGER     NOT NULL,
    billing_interval VARCHAR(10) NOT NULL,
    trialing        BOOLEAN     NOT NULL DEFAULT FALSE
);
