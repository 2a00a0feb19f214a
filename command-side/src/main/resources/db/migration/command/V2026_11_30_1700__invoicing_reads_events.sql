-- The invoicing processor folds a subscription's terms from its events (SubscriptionTerms):
-- this copy of them, kept in step by the processor, is no longer read or written.
DROP TABLE invoicing_subscriptions;
