-- Read tables of payments (issue 11), rebuilt by replay like every projection's.

ALTER TABLE customer_directory ADD COLUMN default_payment_method_id VARCHAR(255);

-- what may be shown of a customer's payment methods: never card numbers
CREATE TABLE customer_payment_methods (
    customer_id        VARCHAR(64)  NOT NULL,
    payment_method_id  VARCHAR(255) NOT NULL,
    brand              VARCHAR(50),
    last4              VARCHAR(4),
    exp_month          INTEGER      NOT NULL,
    exp_year           INTEGER      NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, payment_method_id)
);

CREATE TABLE payments (
    id                        VARCHAR(64)  PRIMARY KEY,
    invoice_id                VARCHAR(64)  NOT NULL,
    customer_id               VARCHAR(64)  NOT NULL,
    amount_cents              BIGINT       NOT NULL,
    currency                  VARCHAR(3)   NOT NULL,
    status                    VARCHAR(20)  NOT NULL,
    stripe_payment_intent_id  VARCHAR(255),
    failure_code              VARCHAR(100),
    decline_code              VARCHAR(100),
    failure_message           VARCHAR(1000),
    failure_kind              VARCHAR(20),
    amount_refunded_cents     BIGINT       NOT NULL DEFAULT 0,
    next_action               VARCHAR(2000),
    attempt_count             INTEGER      NOT NULL,
    created_at                TIMESTAMPTZ  NOT NULL,
    updated_at                TIMESTAMPTZ  NOT NULL,
    version                   BIGINT       NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id, created_at DESC);
CREATE INDEX payments_customer ON payments (customer_id, created_at DESC);
CREATE INDEX payments_status ON payments (status, created_at DESC);
CREATE INDEX payments_created ON payments (created_at DESC, id);
CREATE INDEX payments_payment_intent ON payments (stripe_payment_intent_id);
