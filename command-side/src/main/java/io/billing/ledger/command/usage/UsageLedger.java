package io.billing.ledger.command.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The exact usage of a period, for invoicing: summed from {@code usage_records}, which is
 * written in the same transaction as each record's event, so it is never behind the store.
 */
@Component
public class UsageLedger implements io.billing.ledger.command.invoice.UsageCounter {

    private final JdbcTemplate jdbc;

    public UsageLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public PeriodTotal total(String subscriptionId, Instant periodStart) {
        return jdbc.queryForObject("""
                        SELECT coalesce(sum(quantity), 0), count(*) FROM usage_records
                        WHERE subscription_id = ? AND period_start = ?""",
                (rs, row) -> new PeriodTotal(rs.getLong(1), rs.getLong(2)), subscriptionId,
                Timestamp.from(periodStart));
    }

    @Override
    public long count(String subscriptionId, Instant periodStart) {
        return total(subscriptionId, periodStart).quantity();
    }

    /**
     * Takes the subscription's usage row FOR UPDATE (ingestion holds it FOR SHARE while it
     * judges records), so no record for the period can be accepted between this count and
     * the commit that closes the period.
     */
    @Override
    public long lockAndCount(String subscriptionId, Instant periodStart) {
        jdbc.query("SELECT 1 FROM usage_subscriptions WHERE subscription_id = ? FOR UPDATE", rs -> {
        }, subscriptionId);
        return total(subscriptionId, periodStart).quantity();
    }

    public record PeriodTotal(long quantity, long records) {
    }
}
