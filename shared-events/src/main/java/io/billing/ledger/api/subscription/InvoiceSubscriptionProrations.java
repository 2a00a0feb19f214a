package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Invoice the subscription's pending proration lines now, as invoice {@code invoiceId}. */
public record InvoiceSubscriptionProrations(@TargetAggregateIdentifier String subscriptionId, String invoiceId) {
}
