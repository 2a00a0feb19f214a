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
public class UsageLedger {

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

    public record PeriodTotal(long quantity, long records) {
    }
}
