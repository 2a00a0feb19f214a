-- Read tables, derived from the event store; replay drops their rows and rebuilds them.

-- The whole invoice view as the API shows it (folded by InvoiceViewEvolver), with real
-- columns only for what lists filter and sort on. created_at is the invoice's draftedAt.
CREATE TABLE invoice_directory (
    id              VARCHAR(64)  PRIMARY KEY,
    number          VARCHAR(64),
    customer_id     VARCHAR(64)  NOT NULL,
    subscription_id VARCHAR(64),
    status          VARCHAR(20)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL,
    view            JSONB        NOT NULL
);
CREATE INDEX invoice_directory_created ON invoice_directory (created_at DESC, id);
CREATE INDEX invoice_directory_customer_created ON invoice_directory (customer_id, created_at DESC, id);
CREATE INDEX invoice_directory_subscription_created ON invoice_directory (subscription_id, created_at DESC, id);
CREATE INDEX invoice_directory_status_created ON invoice_directory (status, created_at DESC, id);

-- Who an invoice is billed to: the customer's name and email, kept by the same processor
-- (invoice events do not carry them). version: sequence number of the customer's last event applied.
CREATE TABLE invoice_customers (
    customer_id VARCHAR(64)  PRIMARY KEY,
    name        TEXT,
    email       TEXT,
    version     BIGINT       NOT NULL
);
