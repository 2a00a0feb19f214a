package io.billing.ledger.api.customer;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** A customer's payment method as the API shows it: never more of a card than brand, last four and expiry. */
public record PaymentMethodView(String id,
                                String customerId,
                                String brand,
                                String last4,
                                int expMonth,
                                int expYear,
                                @JsonProperty("default") boolean isDefault,
                                Instant createdAt) {
}
