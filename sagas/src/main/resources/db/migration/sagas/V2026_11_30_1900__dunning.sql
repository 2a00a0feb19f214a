-- Dunning's due steps for the billing scheduler: the third kind of due work beside period ends and
-- finalizations (docs/dunning.md). Written by a subscribing handler in the transaction of the
-- DunningCase's events: due_at is the pending retry or checkpoint, NULL while a retry is in flight
-- or the case is held; the row goes when the case closes.
CREATE TABLE dunning_schedule (
    dunning_id      VARCHAR(64) PRIMARY KEY,
    test_clock_id   VARCHAR(64),
    due_at          TIMESTAMPTZ,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      VARCHAR(1000)
);
CREATE INDEX dunning_schedule_real_time_due ON dunning_schedule (due_at, dunning_id)
    WHERE test_clock_id IS NULL;
CREATE INDEX dunning_schedule_test_clock_due ON dunning_schedule (test_clock_id, due_at, dunning_id)
    WHERE test_clock_id IS NOT NULL;

-- What the dunning process knows of each invoice, from the invoice events it handled in order:
-- whose it is, its last payment attempt's number (a retry asks for the next one, so a redelivery
-- or a concurrent attempt starts nothing twice), the last authentication link, and its case.
CREATE TABLE dunning_invoices (
    invoice_id      VARCHAR(64) PRIMARY KEY,
    subscription_id VARCHAR(64),
    customer_id     VARCHAR(64),
    test_clock_id   VARCHAR(64),
    last_attempt    INTEGER     NOT NULL DEFAULT 0,
    next_action_url VARCHAR(2000),
    dunning_id      VARCHAR(64),
    case_open       BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX dunning_invoices_open_by_customer ON dunning_invoices (customer_id) WHERE case_open;
