package io.billing.ledger.api.customer;

import io.billing.ledger.api.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Adds credit to the customer's balance in {@code amount}'s currency: a net credit carried forward
 * from an invoice, or a credit note on a paid invoice. {@code sourceId} names that invoice or credit
 * note; granting twice from one source changes nothing.
 */
public record GrantCustomerCredit(@TargetAggregateIdentifier String customerId,
                                  Money amount,
                                  String sourceId,
                                  Instant grantedAt) {
}
