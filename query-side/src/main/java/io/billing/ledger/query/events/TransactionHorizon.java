package io.billing.ledger.query.events;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * PostgreSQL's view of the transactions in flight at one instant ({@code pg_current_snapshot()}):
 * every transaction id below {@code xmin} has ended (committed or rolled back), and every
 * transaction that had an id when the snapshot was taken has an id below {@code xmax}. Read it in
 * a statement of its own, before the read of the event rows it is to judge, and outside any
 * transaction that has written (its own id would count as in flight).
 */
public record TransactionHorizon(long xmin, long xmax, Instant readAt) {

    /** {@code readAt} is taken before the query: the snapshot is at least that recent. */
    public static TransactionHorizon read(JdbcTemplate jdbc, Clock clock) {
        Instant readAt = clock.instant();
        return jdbc.queryForObject("SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text "
                        + "FROM pg_current_snapshot() s",
                (rs, row) -> new TransactionHorizon(Long.parseLong(rs.getString(1)), Long.parseLong(rs.getString(2)),
                        readAt));
    }
}
