package io.billing.ledger.api.apikey;

/** Asks for one API key; see {@link io.billing.ledger.api.plan.FindPlan} for {@code minVersion}. */
public record FindApiKey(String apiKeyId, long minVersion) {
}
