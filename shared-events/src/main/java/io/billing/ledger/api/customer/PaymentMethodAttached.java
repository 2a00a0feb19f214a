package io.billing.ledger.api.customer;

import java.time.Instant;

/** A payment method attached at the processor; brand, last four digits and expiry only. */
public record PaymentMethodAttached(String customerId,
                                    String paymentMethodId,
                                    String brand,
                                    String last4,
                                    int expMonth,
                                    int expYear,
                                    Instant at) {
}
