package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;

import java.time.Instant;
import java.util.Map;

/**
 * A subscription began. {@code currentPeriod} is the trial while trialing, else the first
 * paid period (possibly partial). The billing calendar is fully determined by
 * {@code anchorStart} (the paid start), {@code billingInterval} and {@code billingAnchorDay}.
 * {@code periodFee} is what the current period is charged in advance: a partial first period's
 * own share of the full period, zero in a trial or on a per-unit plan.
 */
public record SubscriptionCreated(String subscriptionId,
                                  String customerId,
                                  String planId,
                                  String testClockId,
                                  SubscriptionStatus status,
                                  PricingModel pricingModel,
                                  Money unitPrice,
                                  BillingInterval billingInterval,
                                  long quantity,
                                  int billingAnchorDay,
                                  Instant anchorStart,
                                  Instant startedAt,
                                  BillingPeriod trial,
                                  BillingPeriod currentPeriod,
                                  Map<String, Object> metadata,
                                  Money periodFee) {

    /** As recorded before {@code periodFee} was carried (null: derive it as the code of that time did). */
    public SubscriptionCreated(String subscriptionId, String customerId, String planId, String testClockId,
                               SubscriptionStatus status, PricingModel pricingModel, Money unitPrice,
                               BillingInterval billingInterval, long quantity, int billingAnchorDay,
                               Instant anchorStart, Instant startedAt, BillingPeriod trial,
                               BillingPeriod currentPeriod, Map<String, Object> metadata) {
        this(subscriptionId, customerId, planId, testClockId, status, pricingModel, unitPrice, billingInterval,
                quantity, billingAnchorDay, anchorStart, startedAt, trial, currentPeriod, metadata, null);
    }
}
