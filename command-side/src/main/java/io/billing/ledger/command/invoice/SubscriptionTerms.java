package io.billing.ledger.command.invoice;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.billing.BillingCalendar;

/**
 * What invoicing needs to know of a subscription at one point of its history: who pays, in which
 * currency, on which terms, for which period. Folded from the subscription's own events
 * ({@link #evolve}), so it is never a copy kept elsewhere: the event store is the one place.
 */
public record SubscriptionTerms(String subscriptionId,
                                String customerId,
                                String testClockId,
                                PricingModel pricingModel,
                                Money unitPrice,
                                long quantity,
                                BillingPeriod period,
                                BillingCalendar calendar,
                                boolean trialing) {

    public static SubscriptionTerms of(SubscriptionCreated event) {
        return new SubscriptionTerms(event.subscriptionId(), event.customerId(), event.testClockId(),
                event.pricingModel(), event.unitPrice(), event.quantity(), event.currentPeriod(),
                BillingCalendar.startingAt(event.anchorStart(), event.billingInterval(), event.billingAnchorDay()),
                event.status() == SubscriptionStatus.TRIALING);
    }

    /** The terms after {@code event}; events that change none of them leave them as they are. */
    public SubscriptionTerms evolve(Object event) {
        if (event instanceof TrialEnded e) {
            return new SubscriptionTerms(subscriptionId, customerId, testClockId, pricingModel, unitPrice, quantity,
                    e.firstPeriod(), calendar, false);
        }
        if (event instanceof SubscriptionRenewed e) {
            return inPeriod(e.newPeriod());
        }
        if (event instanceof SubscriptionPlanChanged e) {
            return new SubscriptionTerms(subscriptionId, customerId, testClockId, e.pricingModel(), e.unitPrice(),
                    e.toQuantity(), e.currentPeriod(),
                    BillingCalendar.startingAt(e.anchorStart(), e.billingInterval(), e.billingAnchorDay()), trialing);
        }
        if (event instanceof SubscriptionQuantityChanged e) {
            return new SubscriptionTerms(subscriptionId, customerId, testClockId, pricingModel, unitPrice,
                    e.toQuantity(), period, calendar, trialing);
        }
        if (event instanceof SubscriptionResumed e) {
            return inPeriod(e.currentPeriod());
        }
        if (event instanceof SubscriptionReactivated e) {
            return inPeriod(e.currentPeriod());
        }
        return this;
    }

    public String currency() {
        return unitPrice.currency();
    }

    private SubscriptionTerms inPeriod(BillingPeriod newPeriod) {
        return new SubscriptionTerms(subscriptionId, customerId, testClockId, pricingModel, unitPrice, quantity,
                newPeriod, calendar, trialing);
    }
}
