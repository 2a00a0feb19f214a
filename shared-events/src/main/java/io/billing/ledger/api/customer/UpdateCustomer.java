package io.billing.ledger.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Changes a customer's contact fields; a {@code null} field is left as it is. */
public record UpdateCustomer(@TargetAggregateIdentifier String customerId,
                             String email,
                             String name,
                             Map<String, Object> metadata) {
}
