-- Which payment a processor's PaymentIntent belongs to, for notifications that carry no
-- metadata.payment_id (refunds, disputes). Written in the transaction of the payment's event
-- (subscribing processor payment-intents); derivable again from the Payment events.
CREATE TABLE payment_intents (
    payment_intent_id  VARCHAR(255) PRIMARY KEY,
    payment_id         VARCHAR(64)  NOT NULL
);
