package io.billing.ledger.projection.usage;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.UsageRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the usage summaries: a log of accepted usage records ({@code usage_record_log}, one
 * row per record, summed when read) and the periods each subscription has entered
 * ({@code usage_periods}, with whether invoicing closed them). Every write is keyed, so a
 * redelivered event changes nothing. {@link UsageTotals} reads both.
 */
@Component
@ProcessingGroup(UsageSummaryProjection.PROCESSING_GROUP)
public class UsageSummaryProjection {

    private static final String PENDING_RECORDS = UsageSummaryProjection.class.getName() + ".pendingRecords";

    public static final String PROCESSING_GROUP = "usage-summaries";

    private final JdbcTemplate jdbc;

    public UsageSummaryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The hot path (thousands a second): one INSERT, nothing read. */
    /**
     * Usage arrives by the thousand: rows are collected for the processor's batch and written
     * in one JDBC batch when it commits (a multi-row INSERT with reWriteBatchedInserts), not
     * one statement per event.
     */
    @EventHandler
    void on(UsageRecorded event) {
        pendingRecords().add(new Object[]{event.recordId(), event.subscriptionId(),
                Timestamp.from(event.period().start()), Timestamp.from(event.period().end()), event.quantity(),
                false});
    }

    /**
     * The record stops counting. Its row may still be waiting in this batch (recorded and voided
     * moments apart): then it is written voided; otherwise the stored row is marked.
     */
    @EventHandler
    void on(UsageRecordVoided event) {
        for (Object[] row : pendingRecords()) {
            if (event.recordId().equals(row[0])) {
                row[5] = true;
            }
        }
        jdbc.update("UPDATE usage_record_log SET voided = true WHERE record_id = ?", event.recordId());
    }

    private List<Object[]> pendingRecords() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_RECORDS, key -> {
            List<Object[]> rows = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> {
                if (!rows.isEmpty()) {
                    jdbc.batchUpdate("""
                            INSERT INTO usage_record_log (record_id, subscription_id, period_start, period_end, quantity,
                                voided)
                            VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT (record_id) DO NOTHING""", rows);
                }
            });
            return rows;
        });
    }

    @EventHandler
    void on(SubscriptionCreated event) {
        entered(event.subscriptionId(), event.currentPeriod()); // the trial, when trialing
    }

    @EventHandler
    void on(TrialEnded event) {
        entered(event.subscriptionId(), event.firstPeriod());
    }

    @EventHandler
    void on(SubscriptionRenewed event) {
        entered(event.subscriptionId(), event.newPeriod());
    }

    @EventHandler
    void on(SubscriptionPlanChanged event) {
        entered(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionResumed event) {
        entered(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionReactivated event) {
        entered(event.subscriptionId(), event.currentPeriod());
    }

    /** Upserted: should it ever be handled before the period's own event, the row exists already closed. */
    @EventHandler
    void on(UsagePeriodClosed event) {
        jdbc.update("""
                        INSERT INTO usage_periods (subscription_id, period_start, period_end, closed)
                        VALUES (?, ?, ?, true)
                        ON CONFLICT (subscription_id, period_start) DO UPDATE SET closed = true""",
                event.subscriptionId(), Timestamp.from(event.period().start()),
                Timestamp.from(event.period().end()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE usage_record_log, usage_periods");
    }

    /**
     * The subscription is in {@code period}. The same start again (reactivation, a plan change
     * within the interval) changes nothing, except that a new end replaces the old one. A
     * period that starts inside an earlier one (a plan change to another interval starts a new
     * calendar at the change) cuts that one short at the change, as ingestion does.
     */
    private void entered(String subscriptionId, BillingPeriod period) {
        Timestamp start = Timestamp.from(period.start());
        jdbc.update("""
                        INSERT INTO usage_periods (subscription_id, period_start, period_end)
                        VALUES (?, ?, ?)
                        ON CONFLICT (subscription_id, period_start) DO UPDATE SET period_end = EXCLUDED.period_end
                        WHERE usage_periods.period_end <> EXCLUDED.period_end""",
                subscriptionId, start, Timestamp.from(period.end()));
        jdbc.update("""
                        UPDATE usage_periods SET period_end = ?
                        WHERE subscription_id = ? AND period_start < ? AND period_end > ?""",
                start, subscriptionId, start, start);
    }
}
