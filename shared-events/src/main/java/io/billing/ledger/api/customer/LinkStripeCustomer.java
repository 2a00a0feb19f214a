package io.billing.ledger.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Records the processor's customer ({@code cus_…}) created for ours; linking the same id again changes nothing. */
public record LinkStripeCustomer(@TargetAggregateIdentifier String customerId,
                                 String stripeCustomerId,
                                 Instant linkedAt) {
}
