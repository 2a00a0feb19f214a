package io.billing.ledger.api.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeApiKey(@TargetAggregateIdentifier String apiKeyId) {
}
