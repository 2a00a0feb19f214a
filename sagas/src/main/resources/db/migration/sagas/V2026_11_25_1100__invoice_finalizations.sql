-- Drafts waiting to be finalized (INVOICE_FINALIZE_DELAY after drafting, by the clock of the
-- subscription's customer). Written in the transaction of the invoice events.
CREATE TABLE invoice_finalizations (
    invoice_id      VARCHAR(64) PRIMARY KEY,
    test_clock_id   VARCHAR(64),
    finalize_at     TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      VARCHAR(1000)
);
CREATE INDEX invoice_finalizations_real_time_due ON invoice_finalizations (finalize_at) WHERE test_clock_id IS NULL;
CREATE INDEX invoice_finalizations_test_clock_due ON invoice_finalizations (test_clock_id, finalize_at)
    WHERE test_clock_id IS NOT NULL;
