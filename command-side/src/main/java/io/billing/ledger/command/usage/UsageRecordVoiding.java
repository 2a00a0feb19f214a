package io.billing.ledger.command.usage;

import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.usage.UsageRecordView;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.VoidUsageRecord;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The owner of the usage ledger's records decides whether one may be voided. A record is a row
 * of {@code usage_records} (ingestion loads no aggregate), so the rule is kept here, under the
 * same lock as ingestion and invoicing: the subscription's {@code usage_subscriptions} row, held
 * FOR SHARE while it judges (a finalization holds it FOR UPDATE while it counts the period and
 * closes it). Either the void commits first and the invoice does not count the record, or the
 * period closed first and the void is refused: a closed period is corrected by a credit note.
 */
@Component
public class UsageRecordVoiding {

    private final JdbcTemplate jdbc;
    private final EventBus events;
    private final SubscriptionClocks clocks;
    private final UsageLedger ledger;

    public UsageRecordVoiding(JdbcTemplate jdbc, EventBus events, SubscriptionClocks clocks, UsageLedger ledger) {
        this.jdbc = jdbc;
        this.events = events;
        this.clocks = clocks;
        this.ledger = ledger;
    }

    @CommandHandler
    public UsageRecordView handle(VoidUsageRecord command) {
        Row row = jdbc.query("""
                        SELECT record_id, subscription_id, quantity, period_start, period_end, voided_at
                        FROM usage_records WHERE record_id = ?""",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3),
                        BillingPeriod.of(rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()),
                        rs.getTimestamp(6) != null), command.recordId()).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Usage record", command.recordId()));
        List<String> testClock = jdbc.query(
                "SELECT test_clock_id FROM usage_subscriptions WHERE subscription_id = ? FOR SHARE",
                (rs, n) -> rs.getString(1), row.subscriptionId());
        if (row.voided()) {
            throw new ConflictException("Usage record " + row.recordId() + " is already voided", UsageRecordView.VOIDED,
                    List.of());
        }
        if (closed(row)) {
            throw new ConflictException("The billing period " + row.period() + " of usage record " + row.recordId()
                    + " is closed: its invoice was finalized. Correct the invoice with a credit note "
                    + "(POST /v1/invoices/{id}/credit-notes) instead", UsageRecordView.RECORDED, List.of());
        }
        // one clock per resource: a record on a test clock is voided at that clock's time
        String testClockId = testClock.isEmpty() ? null : testClock.get(0);
        Instant now = clocks.now(testClockId).truncatedTo(ChronoUnit.MICROS);
        // a concurrent void of the same record waits for this row and then finds it voided: one of them wins
        if (jdbc.update("UPDATE usage_records SET voided_at = ?, void_reason = ? WHERE record_id = ? "
                + "AND voided_at IS NULL", Timestamp.from(now), command.reason(), row.recordId()) == 0) {
            throw new ConflictException("Usage record " + row.recordId() + " is already voided",
                    UsageRecordView.VOIDED, List.of());
        }
        UsageRecordVoided voided = new UsageRecordVoided(row.recordId(), row.subscriptionId(), row.quantity(),
                row.period(), command.reason(), now);
        // the request's actor, request id and correlation, as an aggregate's event would carry them
        Map<String, Object> metadata = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getCorrelationData() : Map.of();
        events.publish(GenericEventMessage.asEventMessage(voided).andMetaData(metadata)
                .andMetaData(testClockId == null ? Map.of() : Map.of(ResourceTime.KEY, ResourceTime.stamp(now))));
        return ledger.find(row.recordId()).orElseThrow();
    }

    private boolean closed(Row row) {
        Integer closures = jdbc.queryForObject("""
                        SELECT count(*) FROM usage_period_closures WHERE subscription_id = ? AND period_start = ?""",
                Integer.class, row.subscriptionId(), Timestamp.from(row.period().start()));
        return closures != null && closures > 0;
    }

    private record Row(String recordId, String subscriptionId, long quantity, BillingPeriod period, boolean voided) {
    }
}
