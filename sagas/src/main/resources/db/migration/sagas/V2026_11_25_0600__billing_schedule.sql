-- What the billing scheduler works from. Written by subscribing event handlers in the same
-- transaction as the subscription and test clock events, so a due item is never lost.

-- One row per subscription: when its current period ends (NULL while nothing is due:
-- canceled or paused), and on which test clock, if any, that time is measured.
CREATE TABLE subscription_schedule (
    subscription_id VARCHAR(64) PRIMARY KEY,
    test_clock_id   VARCHAR(64),
    due_at          TIMESTAMPTZ,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      VARCHAR(1000)
);
CREATE INDEX subscription_schedule_real_time_due ON subscription_schedule (due_at) WHERE test_clock_id IS NULL;
CREATE INDEX subscription_schedule_test_clock_due ON subscription_schedule (test_clock_id, due_at)
    WHERE test_clock_id IS NOT NULL;

-- Test clocks that are advancing, and to when.
CREATE TABLE test_clock_advances (
    test_clock_id VARCHAR(64) PRIMARY KEY,
    advancing_to  TIMESTAMPTZ
);
