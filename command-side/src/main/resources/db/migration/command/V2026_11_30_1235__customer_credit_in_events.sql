-- The customer credit balance is state of the Customer aggregate now, changed only by
-- CustomerCreditGranted / CustomerCreditApplied (docs/invoicing.md). Balances held in this table
-- before this version are not carried over: a grant is an event, which SQL cannot append, and the
-- ledger has not been released (docs/architecture.md says so).
DROP TABLE customer_credit_balances;
