package io.billing.ledger.command.subscription;

/** Both default to false: cancel now, without a credit for the unused time. */
public record CancelSubscriptionRequest(Boolean atPeriodEnd, Boolean prorate) {
}
