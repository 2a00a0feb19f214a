package io.billing.ledger.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Records a payment method the processor attached to the customer: what may be shown of it
 * (brand, last four digits, expiry; never the card number), and whether it becomes the default.
 */
public record AttachPaymentMethod(@TargetAggregateIdentifier String customerId,
                                  String paymentMethodId,
                                  String brand,
                                  String last4,
                                  int expMonth,
                                  int expYear,
                                  boolean makeDefault,
                                  Instant at) {
}
