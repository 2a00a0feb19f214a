package io.billing.ledger.command.subscription;

import io.billing.ledger.api.error.InvalidRequestException;

/** Both default to false: cancel now, without a credit for the unused time. */
public record CancelSubscriptionRequest(Boolean atPeriodEnd, Boolean prorate) {

    /**
     * {@code prorate} credits time that will not be used; a cancel at the period end leaves none, so
     * asking for both is a contradiction to refuse (400 on {@code prorate}), not a flag to ignore.
     */
    void requireConsistent() {
        if (Boolean.TRUE.equals(atPeriodEnd) && Boolean.TRUE.equals(prorate)) {
            throw new InvalidRequestException("prorate", "Contradiction", "prorate cannot be true together with "
                    + "atPeriodEnd: a cancel at the period end leaves no unused time to credit");
        }
    }
}
