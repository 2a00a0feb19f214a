-- A usage record voided before its period closed (UsageRecordVoided): it stays in the ledger, as
-- recorded, and no longer counts towards its period's total (UsageLedger sums the others).
ALTER TABLE usage_records ADD COLUMN voided_at TIMESTAMPTZ;
ALTER TABLE usage_records ADD COLUMN void_reason VARCHAR(500);
