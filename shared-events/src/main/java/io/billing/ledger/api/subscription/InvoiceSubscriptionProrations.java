package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Invoice the subscription's pending proration lines now, as invoice {@code invoiceId} with {@code metadata}. */
public record InvoiceSubscriptionProrations(@TargetAggregateIdentifier String subscriptionId, String invoiceId,
                                            Map<String, String> metadata) {

    public InvoiceSubscriptionProrations(String subscriptionId, String invoiceId) {
        this(subscriptionId, invoiceId, Map.of());
    }
}
