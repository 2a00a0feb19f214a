package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Reads the revenue metrics' tables for the query side. */
@Component
public class RevenueTimeline {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public RevenueTimeline(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        // the changes and the daily series read in one snapshot, so they describe the same events
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** A currency's changes and daily series up to {@code upTo}, read together. */
    public RevenueHistory history(String currency, Instant upTo) {
        return snapshot.execute(status -> new RevenueHistory(changes(currency, upTo),
                dailyDeltas(currency, upTo.atOffset(ZoneOffset.UTC).toLocalDate())));
    }

    /** The currencies any subscription was ever billed in, in alphabetical order. */
    public List<String> currencies() {
        return jdbc.queryForList("SELECT DISTINCT currency FROM revenue_subscriptions ORDER BY currency", String.class);
    }

    /** Every change in the currency that took effect at or before {@code upTo}, in the order they took effect. */
    public List<MrrChange> changes(String currency, Instant upTo) {
        return jdbc.query("""
                        SELECT subscription_id, customer_id, effective_at, mrr_cents, delta_cents, status,
                            cancellation_reason
                        FROM revenue_mrr_changes WHERE currency = ? AND effective_at <= ?
                        ORDER BY effective_at, id""",
                (rs, row) -> new MrrChange(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4), rs.getLong(5), SubscriptionStatus.fromWire(rs.getString(6)),
                        rs.getString(7) == null ? null : CancellationReason.fromWire(rs.getString(7))),
                currency, Timestamp.from(upTo));
    }

    /** The daily series up to {@code lastDay}: each UTC day's net change of MRR (days without one are absent). */
    public NavigableMap<LocalDate, Long> dailyDeltas(String currency, LocalDate lastDay) {
        NavigableMap<LocalDate, Long> days = new TreeMap<>();
        jdbc.query("SELECT day, delta_cents FROM revenue_mrr_daily WHERE currency = ? AND day <= ? ORDER BY day",
                rs -> {
                    days.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }, currency, lastDay);
        return days;
    }
}
