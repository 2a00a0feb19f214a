package io.billing.ledger.server.auditchain;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Recomputes the audit chain from the event rows, from the first link to the head, and reports the
 * first position where it breaks (docs/audit.md, "Verifying"). Streams: a window of at most
 * {@value #WINDOW} links, and the event rows in the same range of positions, at a time — never the
 * whole store in memory, and no transaction held open across windows (both tables only grow).
 * Events above the head are not sealed yet and not judged.
 */
@Component
public class AuditChainVerifier {

    static final int WINDOW = 1000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditChainVerifier(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public ChainVerification verify() {
        byte[] previous = ChainHash.GENESIS;
        long cursor = 0;
        long checked = 0;
        SealedLink head = new SealedLink(0, ChainHash.GENESIS, null);
        while (true) {
            List<SealedLink> links = jdbc.query("SELECT position, hash, sealed_at FROM audit_chain "
                            + "WHERE position > ? ORDER BY position LIMIT " + WINDOW,
                    (rs, row) -> new SealedLink(rs.getLong(1), rs.getBytes(2), instant(rs.getTimestamp(3))), cursor);
            if (links.isEmpty()) {
                return ChainVerification.ok(new AuditChainSealer.Link(head.position(), head.hash()), head.sealedAt(),
                        checked, clock.instant());
            }
            long upper = links.get(links.size() - 1).position();
            List<EventRow> rows = jdbc.query("SELECT " + EventRow.COLUMNS + " FROM domain_event_entry "
                            + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index",
                    (rs, row) -> EventRow.from(rs), cursor, upper);
            int r = 0;
            for (SealedLink link : links) {
                EventRow event = r < rows.size() ? rows.get(r) : null;
                if (event != null && event.globalIndex() < link.position()) {
                    return ChainVerification.broken(event.globalIndex(), ChainVerification.Reason.EVENT_INSERTED,
                            event.eventIdentifier(), null, null, checked, clock.instant());
                }
                if (event == null || event.globalIndex() > link.position()) {
                    return ChainVerification.broken(link.position(), ChainVerification.Reason.EVENT_REMOVED, null,
                            link.hash(), null, checked, clock.instant());
                }
                byte[] computed = ChainHash.next(previous, event);
                if (!Arrays.equals(computed, link.hash())) {
                    return ChainVerification.broken(link.position(), ChainVerification.Reason.EVENT_CHANGED,
                            event.eventIdentifier(), link.hash(), computed, checked, clock.instant());
                }
                previous = computed;
                checked++;
                r++;
            }
            head = links.get(links.size() - 1);
            cursor = upper;
        }
    }

    /** The last link: what an auditor notes down outside the system. */
    public SealedLink head() {
        List<SealedLink> head = jdbc.query("SELECT position, hash, sealed_at FROM audit_chain "
                        + "ORDER BY position DESC LIMIT 1",
                (rs, row) -> new SealedLink(rs.getLong(1), rs.getBytes(2), instant(rs.getTimestamp(3))));
        return head.isEmpty() ? new SealedLink(0, ChainHash.GENESIS, null) : head.get(0);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public record SealedLink(long position, byte[] hash, Instant sealedAt) {
    }
}
