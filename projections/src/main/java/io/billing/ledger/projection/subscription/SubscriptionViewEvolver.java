package io.billing.ledger.projection.subscription;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.projection.invoice.InvoiceLineViews;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one event changes a subscription as the API shows it. The directory projection and
 * time travel ({@code asOf}) both fold events through this one function, so the two can
 * never disagree.
 */
public final class SubscriptionViewEvolver {

    private SubscriptionViewEvolver() {
    }

    /**
     * Folds one event into {@code current} (null before the subscription was created). An
     * event this function does not know, or any event but the creation before it, leaves
     * the view as it was.
     */
    public static SubscriptionView apply(SubscriptionView current, Object event, Instant recordedAt, long version) {
        if (event instanceof SubscriptionCreated created) {
            return created(created, recordedAt, version);
        }
        if (current == null) {
            return null;
        }
        Draft view = new Draft(current);
        if (event instanceof TrialEnded e) {
            view.status = SubscriptionStatus.ACTIVE;
            view.period(e.firstPeriod());
        } else if (event instanceof SubscriptionRenewed e) {
            view.period(e.newPeriod());
            view.pendingProrationLines = List.of(); // the renewal invoice took them
        } else if (event instanceof SubscriptionPlanChanged e) {
            view.planId = e.toPlanId();
            view.pricingModel = e.pricingModel();
            view.unitPrice(e.unitPrice());
            view.billingInterval = e.billingInterval();
            view.quantity = e.toQuantity();
            view.period(e.currentPeriod());
            view.billingAnchorDay = e.billingAnchorDay();
            view.keepPending(e.prorationBehavior(), e.prorationLines());
        } else if (event instanceof SubscriptionQuantityChanged e) {
            view.quantity = e.toQuantity();
            view.keepPending(e.prorationBehavior(), e.prorationLines());
        } else if (event instanceof SubscriptionCancellationScheduled e) {
            view.cancelAtPeriodEnd = true;
            view.canceledAt = e.requestedAt();
        } else if (event instanceof SubscriptionCanceled e) {
            view.status = SubscriptionStatus.CANCELED;
            view.canceledAt = e.canceledAt();
            view.cancellationReason = e.reason();
            view.cancelAtPeriodEnd = false;
            view.pendingProrationLines = List.of(); // the final invoice took them, and the credit is on it
        } else if (event instanceof SubscriptionProrationsInvoiced) {
            view.pendingProrationLines = List.of(); // invoiced on demand
        } else if (event instanceof SubscriptionReactivated e) {
            view.status = SubscriptionStatus.ACTIVE;
            view.cancelAtPeriodEnd = false;
            view.canceledAt = null;
            view.cancellationReason = null;
            view.period(e.currentPeriod());
            view.appendPending(e.prorationLines()); // a credited cancel undone: the rest of the period charged again
        } else if (event instanceof SubscriptionPaused e) {
            view.status = SubscriptionStatus.PAUSED;
            view.pausedAt = e.pausedAt();
        } else if (event instanceof SubscriptionResumed e) {
            view.status = SubscriptionStatus.ACTIVE;
            view.pausedAt = null;
            view.period(e.currentPeriod());
        } else if (event instanceof SubscriptionMarkedPastDue) {
            view.status = SubscriptionStatus.PAST_DUE;
        } else if (event instanceof SubscriptionRecovered) {
            view.status = SubscriptionStatus.ACTIVE;
        } else {
            return current;
        }
        view.updatedAt = recordedAt;
        view.version = version;
        return view.toView();
    }

    private static SubscriptionView created(SubscriptionCreated e, Instant recordedAt, long version) {
        Draft view = new Draft();
        view.id = e.subscriptionId();
        view.customerId = e.customerId();
        view.planId = e.planId();
        view.status = e.status();
        view.pricingModel = e.pricingModel();
        view.unitPrice(e.unitPrice());
        view.billingInterval = e.billingInterval();
        view.quantity = e.quantity();
        view.billingAnchorDay = e.billingAnchorDay();
        view.period(e.currentPeriod());
        view.trialStart = e.trial() == null ? null : e.trial().start();
        view.trialEnd = e.trial() == null ? null : e.trial().end();
        view.testClockId = e.testClockId();
        view.pendingProrationLines = List.of();
        // an active flat-rate start is invoiced at once, under the id its creation event names
        view.latestInvoiceId = e.status() == SubscriptionStatus.ACTIVE && e.pricingModel() == PricingModel.FLAT_RATE
                ? Ids.derived(Ids.INVOICE, e.subscriptionId(), version) : null;
        view.metadata = e.metadata() == null ? Map.of() : e.metadata();
        view.createdAt = recordedAt;
        view.updatedAt = recordedAt;
        view.version = version;
        return view.toView();
    }

    /** The next action falls due at the period end only while the subscription is billed. */
    static Instant nextRenewalAt(SubscriptionStatus status, Instant currentPeriodEnd) {
        return switch (status) {
            case TRIALING, ACTIVE, PAST_DUE -> currentPeriodEnd;
            case PAUSED, CANCELED -> null;
        };
    }

    /** The view's fields while one event changes them; a record has no withers. */
    private static final class Draft {
        String id;
        String customerId;
        String planId;
        SubscriptionStatus status;
        PricingModel pricingModel;
        long unitAmountCents;
        String currency;
        BillingInterval billingInterval;
        long quantity;
        int billingAnchorDay;
        Instant currentPeriodStart;
        Instant currentPeriodEnd;
        Instant trialStart;
        Instant trialEnd;
        boolean cancelAtPeriodEnd;
        Instant canceledAt;
        CancellationReason cancellationReason;
        Instant pausedAt;
        String testClockId;
        List<InvoiceView.Line> pendingProrationLines;
        String latestInvoiceId;
        Map<String, Object> metadata;
        Instant createdAt;
        Instant updatedAt;
        long version;

        Draft() {
        }

        Draft(SubscriptionView v) {
            id = v.id();
            customerId = v.customerId();
            planId = v.planId();
            status = v.status();
            pricingModel = v.pricingModel();
            unitAmountCents = v.unitAmountCents();
            currency = v.currency();
            billingInterval = v.billingInterval();
            quantity = v.quantity();
            billingAnchorDay = v.billingAnchorDay();
            currentPeriodStart = v.currentPeriodStart();
            currentPeriodEnd = v.currentPeriodEnd();
            trialStart = v.trialStart();
            trialEnd = v.trialEnd();
            cancelAtPeriodEnd = v.cancelAtPeriodEnd();
            canceledAt = v.canceledAt();
            cancellationReason = v.cancellationReason();
            pausedAt = v.pausedAt();
            testClockId = v.testClockId();
            pendingProrationLines = v.pendingProrationLines() == null ? List.of() : v.pendingProrationLines();
            latestInvoiceId = v.latestInvoiceId();
            metadata = v.metadata();
            createdAt = v.createdAt();
            updatedAt = v.updatedAt();
            version = v.version();
        }

        void period(BillingPeriod period) {
            currentPeriodStart = period.start();
            currentPeriodEnd = period.end();
        }

        void unitPrice(Money price) {
            unitAmountCents = price.amount();
            currency = price.currency();
        }

        /**
         * create_prorations leaves the lines for the next invoice; always_invoice bills them at once,
         * with the lines pending before (when it has lines); none has none.
         */
        void keepPending(ProrationBehavior behavior, List<ProrationLine> lines) {
            if (behavior == ProrationBehavior.CREATE_PRORATIONS) {
                appendPending(lines);
            } else if (behavior == ProrationBehavior.ALWAYS_INVOICE && lines != null && !lines.isEmpty()) {
                pendingProrationLines = List.of();
            }
        }

        void appendPending(List<ProrationLine> lines) {
            if (lines == null || lines.isEmpty()) {
                return;
            }
            List<InvoiceView.Line> all = new ArrayList<>(pendingProrationLines);
            lines.forEach(line -> all.add(InvoiceLineViews.pending(line))); // in the invoice line shape
            pendingProrationLines = List.copyOf(all);
        }

        SubscriptionView toView() {
            return new SubscriptionView(id, customerId, planId, status, pricingModel, unitAmountCents, currency,
                    billingInterval, quantity, billingAnchorDay, currentPeriodStart, currentPeriodEnd, trialStart,
                    trialEnd, cancelAtPeriodEnd, canceledAt, cancellationReason, pausedAt,
                    nextRenewalAt(status, currentPeriodEnd), testClockId, pendingProrationLines, latestInvoiceId, metadata,
                    createdAt,
                    updatedAt, version);
        }
    }
}
