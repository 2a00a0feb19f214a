package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the revenue metrics' tables (docs/metrics.md): each subscription's contribution to MRR
 * ({@code revenue_subscriptions}), the timeline of its changes at the time each took effect on the
 * subscription's clock ({@code revenue_mrr_changes}), and the daily series per currency
 * ({@code revenue_mrr_daily}). Every change row is keyed by its event's id and written in the
 * same transaction as the state and the day's delta, so a redelivered event changes nothing.
 * Events of one subscription arrive in order (one segment), so the state row is always the one
 * just before the event.
 */
@Component
@ProcessingGroup(RevenueMetricsProjection.PROCESSING_GROUP)
public class RevenueMetricsProjection {

    public static final String PROCESSING_GROUP = "revenue-metrics";

    private static final Logger log = LoggerFactory.getLogger(RevenueMetricsProjection.class);

    private final JdbcTemplate jdbc;

    public RevenueMetricsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubscriptionCreated event, @MessageIdentifier String eventId) {
        SubscriptionRevenue created = new SubscriptionRevenue(event.subscriptionId(), event.customerId(),
                event.unitPrice().currency(), event.status(), event.pricingModel(), event.unitPrice().amount(),
                event.billingInterval(), event.quantity(), 0);
        record(eventId, 0, created, event.startedAt(), null);
    }

    @EventHandler
    void on(TrialEnded event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.trial().end(), null,
                state -> state.withStatus(SubscriptionStatus.ACTIVE));
    }

    @EventHandler
    void on(SubscriptionPlanChanged event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.changedAt(), null,
                state -> state.withPlan(event.pricingModel(), event.unitPrice().amount(), event.billingInterval(),
                        event.toQuantity()));
    }

    @EventHandler
    void on(SubscriptionQuantityChanged event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.changedAt(), null,
                state -> state.withQuantity(event.toQuantity()));
    }

    @EventHandler
    void on(SubscriptionMarkedPastDue event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.markedAt(), null,
                state -> state.withStatus(SubscriptionStatus.PAST_DUE));
    }

    @EventHandler
    void on(SubscriptionRecovered event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.recoveredAt(), null,
                state -> state.withStatus(SubscriptionStatus.ACTIVE));
    }

    @EventHandler
    void on(SubscriptionPaused event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.pausedAt(), null,
                state -> state.withStatus(SubscriptionStatus.PAUSED));
    }

    @EventHandler
    void on(SubscriptionResumed event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.resumedAt(), null,
                state -> state.withStatus(SubscriptionStatus.ACTIVE));
    }

    @EventHandler
    void on(SubscriptionCanceled event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.canceledAt(), event.reason(),
                state -> state.withStatus(SubscriptionStatus.CANCELED));
    }

    @EventHandler
    void on(SubscriptionReactivated event, @MessageIdentifier String eventId) {
        change(event.subscriptionId(), eventId, event.reactivatedAt(), null,
                state -> state.withStatus(SubscriptionStatus.ACTIVE));
    }

    /** A finalized invoice's usage amount (recounted at finalization), for the UsagePeriodClosed right behind it. */
    @EventHandler
    void on(InvoiceFinalized event) {
        List<InvoiceLine> usage = event.lines().stream().filter(line -> line.type() == LineType.USAGE_CHARGE).toList();
        if (usage.isEmpty()) {
            return;
        }
        long amount = 0;
        for (InvoiceLine line : usage) {
            amount = Math.addExact(amount, line.amount().amount());
        }
        jdbc.update("INSERT INTO revenue_usage_invoices (invoice_id, amount_cents, finalized_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (invoice_id) DO NOTHING", event.invoiceId(), amount, ts(event.finalizedAt()));
    }

    /** The period closed: its usage amount is the subscription's metered revenue from the finalization on. */
    @EventHandler
    void on(UsagePeriodClosed event, @MessageIdentifier String eventId) {
        List<UsageAmount> found = jdbc.query(
                "SELECT amount_cents, finalized_at FROM revenue_usage_invoices WHERE invoice_id = ?",
                (rs, row) -> new UsageAmount(rs.getLong(1), rs.getTimestamp(2).toInstant()), event.invoiceId());
        if (found.isEmpty()) {
            log.warn("no finalized usage amount for invoice {}; metered revenue of {} unchanged", event.invoiceId(),
                    event.subscriptionId());
            return;
        }
        UsageAmount usage = found.get(0);
        change(event.subscriptionId(), eventId, usage.finalizedAt(), null, state -> state.withMetered(usage.cents()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE revenue_subscriptions, revenue_mrr_changes, revenue_mrr_daily, revenue_usage_invoices "
                + "RESTART IDENTITY");
    }

    private void change(String subscriptionId, String eventId, Instant at, CancellationReason reason,
                        UnaryOperator<SubscriptionRevenue> step) {
        Optional<SubscriptionRevenue> before = find(subscriptionId);
        if (before.isEmpty()) {
            log.warn("revenue metrics: no subscription {} (its creation was not applied); event {} skipped",
                    subscriptionId, eventId);
            return;
        }
        record(eventId, before.get().mrrCents(), step.apply(before.get()), at, reason);
    }

    private void record(String eventId, long mrrBefore, SubscriptionRevenue after, Instant at,
                        CancellationReason reason) {
        long mrr = after.mrrCents();
        long delta = Math.subtractExact(mrr, mrrBefore);
        int inserted = jdbc.update("""
                        INSERT INTO revenue_mrr_changes (event_id, subscription_id, customer_id, currency, effective_at,
                            mrr_cents, delta_cents, status, cancellation_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                eventId, after.subscriptionId(), after.customerId(), after.currency(), ts(at), mrr, delta,
                after.status().wire(), reason == null ? null : reason.wire());
        if (inserted == 0) {
            return; // applied before
        }
        jdbc.update("""
                        INSERT INTO revenue_subscriptions (subscription_id, customer_id, currency, status, pricing_model,
                            unit_price_cents, billing_interval, quantity, metered_cents, mrr_cents, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (subscription_id) DO UPDATE SET status = EXCLUDED.status,
                            pricing_model = EXCLUDED.pricing_model, unit_price_cents = EXCLUDED.unit_price_cents,
                            billing_interval = EXCLUDED.billing_interval, quantity = EXCLUDED.quantity,
                            metered_cents = EXCLUDED.metered_cents, mrr_cents = EXCLUDED.mrr_cents,
                            updated_at = EXCLUDED.updated_at""",
                after.subscriptionId(), after.customerId(), after.currency(), after.status().wire(),
                after.pricingModel().wire(), after.unitPriceCents(), after.interval().wire(), after.quantity(),
                after.meteredCents(), mrr, ts(at));
        if (delta != 0) {
            jdbc.update("""
                            INSERT INTO revenue_mrr_daily (currency, day, delta_cents) VALUES (?, ?, ?)
                            ON CONFLICT (currency, day) DO UPDATE SET delta_cents = revenue_mrr_daily.delta_cents
                                + EXCLUDED.delta_cents""",
                    after.currency(), at.atOffset(ZoneOffset.UTC).toLocalDate(), delta);
        }
    }

    private Optional<SubscriptionRevenue> find(String subscriptionId) {
        return jdbc.query("""
                        SELECT subscription_id, customer_id, currency, status, pricing_model, unit_price_cents,
                            billing_interval, quantity, metered_cents
                        FROM revenue_subscriptions WHERE subscription_id = ?""",
                (rs, row) -> new SubscriptionRevenue(rs.getString(1), rs.getString(2), rs.getString(3),
                        SubscriptionStatus.fromWire(rs.getString(4)), PricingModel.fromWire(rs.getString(5)),
                        rs.getLong(6), BillingInterval.fromWire(rs.getString(7)), rs.getLong(8), rs.getLong(9)),
                subscriptionId).stream().findFirst();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private record UsageAmount(long cents, Instant finalizedAt) {
    }
}
