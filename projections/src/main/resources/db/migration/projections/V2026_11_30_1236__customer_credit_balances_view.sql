-- The customer's credit balance per currency, as its events leave it: {"usd": 2500, ...}.
-- Rebuilt by a replay of customer-directory like the rest of the row.
ALTER TABLE customer_directory ADD COLUMN credit_balances JSONB NOT NULL DEFAULT '{}';
