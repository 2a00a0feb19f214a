package io.billing.ledger.command.invoice;

import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.billing.Proration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which invoice a subscription event causes, as a pure function of the event, the subscription's
 * terms just before it and the usage of a period (Kill Bill's {@code InvoiceGenerator} is the
 * model). It decides nothing about money: every amount comes from the event (the period's fee,
 * the proration lines, the pending lines it took), and usage is counted per unit.
 * <ul>
 *   <li>created (no trial) or trial ended → the first period's flat fee in advance, its own
 *       share when the first period is partial;</li>
 *   <li>renewed → the new period's flat fee in advance or the ended period's usage in arrears,
 *       plus the pending proration lines the renewal took;</li>
 *   <li>plan or quantity changed with {@code always_invoice} → its lines and those pending
 *       before it, now; otherwise the lines wait in the subscription;</li>
 *   <li>resumed into a new period → that partial period's fee in advance;</li>
 *   <li>canceled → the credit for unused time, the current period's usage (per unit), the
 *       pending lines;</li>
 *   <li>{@code POST /v1/invoices} → the pending lines the subscription named.</li>
 * </ul>
 * An invoice always covers a period: the one it bills, or the span of its lines.
 */
public final class InvoiceGenerator {

    private InvoiceGenerator() {
    }

    /** An invoice to draft: its reason, its period, its lines (before customer credit) and business time. */
    public record ProposedInvoice(InvoiceReason reason, BillingPeriod period, List<InvoiceLine> lines, Instant at) {
    }

    /**
     * The invoice {@code event} causes, if any. {@code before} is null only for
     * {@link SubscriptionCreated}, which starts the terms.
     */
    public static Optional<ProposedInvoice> invoiceFor(Object event, SubscriptionTerms before, UsageCounter usage) {
        if (event instanceof SubscriptionCreated e) {
            SubscriptionTerms terms = SubscriptionTerms.of(e);
            return e.status() == SubscriptionStatus.ACTIVE && terms.pricingModel() == PricingModel.FLAT_RATE
                    ? proposed(InvoiceReason.SUBSCRIPTION_CREATE, e.currentPeriod(),
                    List.of(advanceFee(terms, e.currentPeriod(), e.periodFee())), e.startedAt())
                    : Optional.empty();
        }
        Objects.requireNonNull(before, "the subscription's terms before the event");
        if (event instanceof TrialEnded e) {
            return before.pricingModel() == PricingModel.FLAT_RATE
                    ? proposed(InvoiceReason.SUBSCRIPTION_CYCLE, e.firstPeriod(),
                    List.of(advanceFee(before, e.firstPeriod(), e.periodFee())), e.trial().end())
                    : Optional.empty();
        }
        if (event instanceof SubscriptionRenewed e) {
            List<InvoiceLine> lines = new ArrayList<>();
            if (before.pricingModel() == PricingModel.FLAT_RATE) {
                lines.add(new InvoiceLine(LineType.PLAN_CHARGE, "Subscription fee " + e.newPeriod(), before.quantity(),
                        before.unitPrice(), e.periodFee() != null ? e.periodFee()
                        : before.unitPrice().times(before.quantity()), e.newPeriod()));
            } else {
                lines.add(usageLine(before, e.endedPeriod(), usage));
            }
            addProrations(lines, e.invoicedProrations());
            return proposed(InvoiceReason.SUBSCRIPTION_CYCLE, e.newPeriod(), lines, e.endedPeriod().end());
        }
        if (event instanceof SubscriptionPlanChanged e) {
            return prorations(e.prorationBehavior(), e.prorationLines(), e.invoicedProrations(), e.changedAt(),
                    before.period());
        }
        if (event instanceof SubscriptionQuantityChanged e) {
            return prorations(e.prorationBehavior(), e.prorationLines(), e.invoicedProrations(), e.changedAt(),
                    before.period());
        }
        if (event instanceof SubscriptionProrationsInvoiced e) {
            List<InvoiceLine> lines = new ArrayList<>();
            addProrations(lines, e.lines());
            return proposed(InvoiceReason.MANUAL, spanOf(lines, before.period()), lines, e.invoicedAt());
        }
        if (event instanceof SubscriptionResumed e) {
            boolean newPeriod = !before.period().equals(e.currentPeriod());
            // the paused period ended meanwhile: the partial period from the resume is billed in advance
            return newPeriod && before.pricingModel() == PricingModel.FLAT_RATE
                    ? proposed(InvoiceReason.SUBSCRIPTION_CYCLE, e.currentPeriod(),
                    List.of(advanceFee(before, e.currentPeriod(), e.periodFee())), e.resumedAt())
                    : Optional.empty();
        }
        if (event instanceof SubscriptionCanceled e) {
            List<InvoiceLine> lines = new ArrayList<>();
            e.prorationLines().forEach(line -> lines.add(fromProration(line)));
            if (before.pricingModel() == PricingModel.PER_UNIT && !before.trialing()) {
                lines.add(usageLine(before, before.period(), usage)); // usage in a trial is free, as the trial is
            }
            addProrations(lines, e.invoicedProrations());
            return proposed(InvoiceReason.SUBSCRIPTION_CANCEL, before.period(), lines, e.canceledAt());
        }
        return Optional.empty();
    }

    /** {@code always_invoice}: the change's lines and the ones pending before it, invoiced now; else they wait. */
    private static Optional<ProposedInvoice> prorations(ProrationBehavior behavior, List<ProrationLine> lines,
                                                        List<ProrationLine> pendingBefore, Instant changedAt,
                                                        BillingPeriod current) {
        if (lines.isEmpty() || behavior != ProrationBehavior.ALWAYS_INVOICE) {
            return Optional.empty(); // create_prorations: the lines wait in the subscription for its next invoice
        }
        List<InvoiceLine> now = new ArrayList<>();
        addProrations(now, lines);
        addProrations(now, pendingBefore);
        return proposed(InvoiceReason.SUBSCRIPTION_UPDATE, spanOf(now, current), now, changedAt);
    }

    private static Optional<ProposedInvoice> proposed(InvoiceReason reason, BillingPeriod period,
                                                      List<InvoiceLine> lines, Instant at) {
        return lines.isEmpty() ? Optional.empty() : Optional.of(new ProposedInvoice(reason, period, List.copyOf(lines), at));
    }

    /** From the earliest start to the latest end of the lines' periods (a plan change's invoice). */
    static BillingPeriod spanOf(List<InvoiceLine> lines, BillingPeriod fallback) {
        List<BillingPeriod> periods = lines.stream().map(InvoiceLine::period).filter(Objects::nonNull).toList();
        if (periods.isEmpty()) {
            return fallback;
        }
        return BillingPeriod.of(periods.stream().map(BillingPeriod::start).min(Comparator.naturalOrder()).orElseThrow(),
                periods.stream().map(BillingPeriod::end).max(Comparator.naturalOrder()).orElseThrow());
    }

    private static void addProrations(List<InvoiceLine> lines, List<ProrationLine> prorations) {
        if (prorations != null) { // null: recorded before the event named them (such events are not invoiced again)
            prorations.forEach(line -> lines.add(fromProration(line)));
        }
    }

    /** The fee the subscription decided for the period; events recorded before it was carried get it derived. */
    private static InvoiceLine advanceFee(SubscriptionTerms terms, BillingPeriod period, Money periodFee) {
        BillingPeriod full = terms.calendar().periodContaining(period.start());
        Money fee = periodFee != null ? periodFee
                : Proration.firstPeriodFee(terms.unitPrice(), terms.quantity(), period, full);
        String description = period.equals(full) ? "Subscription fee " + period
                : "Subscription fee " + period + ", prorated " + period.seconds() + "/" + full.seconds() + " s";
        return new InvoiceLine(LineType.PLAN_CHARGE, description, terms.quantity(), terms.unitPrice(), fee, period);
    }

    private static InvoiceLine usageLine(SubscriptionTerms terms, BillingPeriod period, UsageCounter usage) {
        long quantity = usage.count(terms.subscriptionId(), period.start());
        return new InvoiceLine(LineType.USAGE_CHARGE, "Usage " + period, quantity, terms.unitPrice(),
                terms.unitPrice().times(quantity), period);
    }

    private static InvoiceLine fromProration(ProrationLine line) {
        return new InvoiceLine(line.type(), line.description(), line.quantity(), null, line.amount(), line.period());
    }
}
