package io.billing.ledger.api.apikey;

public record ApiKeyRevoked(String apiKeyId) {
}
