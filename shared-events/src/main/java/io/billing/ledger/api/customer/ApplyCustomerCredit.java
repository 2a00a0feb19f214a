package io.billing.ledger.api.customer;

import io.billing.ledger.api.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Applies the customer's credit in {@code upTo}'s currency to the invoice {@code invoiceId}, at most
 * {@code upTo}. Answers the {@link Money} applied (zero when there is none); asked again for the
 * same invoice, it answers what was applied then and changes nothing.
 */
public record ApplyCustomerCredit(@TargetAggregateIdentifier String customerId,
                                  String invoiceId,
                                  Money upTo,
                                  Instant appliedAt) {
}
