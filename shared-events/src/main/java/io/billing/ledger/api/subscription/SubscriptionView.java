package io.billing.ledger.api.subscription;

import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the API shows it. {@code pendingProrationLines} wait for the next
 * invoice, in exactly the invoice line shape (id and invoiceId null until an invoice takes
 * them); {@code nextRenewalAt} is when the current period ends and the next action
 * (trial end, renewal or scheduled cancellation) falls due, null when none will.
 * {@code latestInvoiceId} is the invoice the subscription's creation produced (as Stripe's
 * {@code latest_invoice}); null when it produced none (a trial, a per-unit plan).
 * {@code pendingProrationLines} have the invoice line's shape ({@link PendingLine}).
 */
public record SubscriptionView(String id,
                               String customerId,
                               String planId,
                               SubscriptionStatus status,
                               PricingModel pricingModel,
                               long unitAmountCents,
                               String currency,
                               BillingInterval billingInterval,
                               long quantity,
                               int billingAnchorDay,
                               Instant currentPeriodStart,
                               Instant currentPeriodEnd,
                               Instant trialStart,
                               Instant trialEnd,
                               boolean cancelAtPeriodEnd,
                               Instant canceledAt,
                               CancellationReason cancellationReason,
                               Instant pausedAt,
                               Instant nextRenewalAt,
                               String testClockId,
                               List<InvoiceView.Line> pendingProrationLines,
                               String latestInvoiceId,
                               Map<String, Object> metadata,
                               Instant createdAt,
                               Instant updatedAt,
                               long version) {
}
