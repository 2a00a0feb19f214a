-- The scheduler takes the next item with ORDER BY due time, id LIMIT 1. On a test clock every
-- item of a billing run falls due at the same instant: without the id in the index, PostgreSQL
-- had to read and sort the whole group for each item (measured: 14 ms at 15,000 items).
DROP INDEX subscription_schedule_real_time_due;
DROP INDEX subscription_schedule_test_clock_due;
DROP INDEX invoice_finalizations_real_time_due;
DROP INDEX invoice_finalizations_test_clock_due;

CREATE INDEX subscription_schedule_real_time_due ON subscription_schedule (due_at, subscription_id)
    WHERE test_clock_id IS NULL;
CREATE INDEX subscription_schedule_test_clock_due ON subscription_schedule (test_clock_id, due_at, subscription_id)
    WHERE test_clock_id IS NOT NULL;
CREATE INDEX invoice_finalizations_real_time_due ON invoice_finalizations (finalize_at, invoice_id)
    WHERE test_clock_id IS NULL;
CREATE INDEX invoice_finalizations_test_clock_due ON invoice_finalizations (test_clock_id, finalize_at, invoice_id)
    WHERE test_clock_id IS NOT NULL;
