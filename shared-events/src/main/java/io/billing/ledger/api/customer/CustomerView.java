package io.billing.ledger.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer as the API shows it. {@code version} is the sequence number of the last event applied;
 * {@code creditBalances} the credit per currency, by currency (empty when none);
 * {@code stripeCustomerId} the processor's customer once linked, {@code defaultPaymentMethodId}
 * the payment method invoices are charged to (null: none, so charges fail with {@code no_payment_method}).
 */
public record CustomerView(String id,
                           String email,
                           String name,
                           String stripeCustomerId,
                           String testClockId,
                           Map<String, Object> metadata,
                           Instant createdAt,
                           Instant updatedAt,
                           long version,
                           List<CreditBalance> creditBalances,
                           String defaultPaymentMethodId) {

    public CustomerView {
        creditBalances = creditBalances == null ? List.of() : List.copyOf(creditBalances);
    }
}
