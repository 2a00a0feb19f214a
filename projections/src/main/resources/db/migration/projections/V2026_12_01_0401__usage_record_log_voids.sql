-- A voided usage record (UsageRecordVoided) stays in the log and counts for nothing: totals sum
-- the others, through an index that holds only those (still an index-only scan).
ALTER TABLE usage_record_log ADD COLUMN voided BOOLEAN NOT NULL DEFAULT false;
DROP INDEX usage_record_log_period;
CREATE INDEX usage_record_log_period ON usage_record_log (subscription_id, period_start) INCLUDE (quantity)
    WHERE NOT voided;
