-- Invoice ids are named by the event that causes them (a redelivery collides in the event
-- store), and the subscription names the proration lines an invoice takes: neither table
-- decides anything any more.
DROP TABLE invoice_keys;
DROP TABLE pending_invoice_items;

-- A customer's credit is kept per currency: a EUR credit never lands on a USD balance.
ALTER TABLE customer_credit_balances DROP CONSTRAINT customer_credit_balances_pkey;
ALTER TABLE customer_credit_balances ADD PRIMARY KEY (customer_id, currency);
