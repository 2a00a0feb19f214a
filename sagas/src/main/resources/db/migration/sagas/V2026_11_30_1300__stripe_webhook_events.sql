-- Stripe events already taken in (POST /webhooks/stripe), by Stripe's event id. A row is written in
-- the transaction that dispatches the event to the payments, so the event counts as received
-- exactly when what it caused committed; a redelivery finds the row and changes nothing.
CREATE TABLE stripe_webhook_events (
    event_id    VARCHAR(255) PRIMARY KEY,
    event_type  VARCHAR(255) NOT NULL,
    -- Stripe's created time of the event; received_at is ours
    created_at  TIMESTAMPTZ  NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL,
    -- dispatched: given to the payments; ignored: a type we do not handle (counted in a metric)
    outcome     VARCHAR(16)  NOT NULL
);
