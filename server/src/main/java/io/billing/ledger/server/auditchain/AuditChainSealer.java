package io.billing.ledger.server.auditchain;

import io.billing.ledger.query.events.SettledGaps;
import io.billing.ledger.query.events.TransactionHorizon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seals every committed event into the audit chain ({@code audit_chain}), in global order, a few
 * hundred milliseconds behind the store's head (docs/audit.md, "Tamper evidence"). It runs on a
 * thread of its own, in transactions of its own of at most {@code batchSize} events, so a command
 * never waits for it; it only reads the event store. It never seals past a gap that may still
 * fill ({@link SettledGaps}): an event that commits later below a sealed one would be an event the
 * chain can never include.
 * <p>
 * Every node runs one; a transaction-scoped advisory lock lets exactly one of them seal at a time
 * (the others skip that round), and the primary key on {@code position} would refuse a second
 * link at one position even without it.
 */
@Component
public class AuditChainSealer implements SmartLifecycle {

    /** The advisory lock key of sealing ("auditchn" in ASCII): one sealer per database at a time. */
    static final long LOCK_KEY = 0x61756469746368_6EL;
    private static final Logger log = LoggerFactory.getLogger(AuditChainSealer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SettledGaps gaps;
    private final AuditChainSettings settings;
    private final Clock clock;
    private ScheduledExecutorService thread;
    private volatile boolean running;
    private volatile long sealedPosition;
    private volatile Duration lag = Duration.ZERO;
    private volatile boolean failing;

    public AuditChainSealer(JdbcTemplate jdbc, TransactionTemplate transactions, SettledGaps gaps,
                            AuditChainSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.gaps = gaps;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * How far the chain is behind the event store, as the age of the oldest event not sealed yet
     * (zero when every event is sealed); as of the last round, whichever node sealed. The number
     * for a metric (as {@code billing.projections.lag} is for projections).
     */
    public Duration lag() {
        return lag;
    }

    /** The position of the last sealed event this node has seen (0 before the first). */
    public long sealedPosition() {
        return sealedPosition;
    }

    /** One round: seal what is final, batch by batch, then measure the lag. Public for tests. */
    public void sealAvailable() {
        while (true) {
            Integer sealed = transactions.execute(status -> sealBatch());
            if (sealed == null || sealed < settings.batchSize()) {
                break;
            }
        }
        Link head = head();
        sealedPosition = head.position();
        gaps.settledThrough(head.position());
        lag = ageOfFirstEventAfter(head.position());
    }

    /** Seals up to one batch in the caller's transaction; the number sealed, or 0 when another node seals. */
    private int sealBatch() {
        Boolean holder = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
        if (!Boolean.TRUE.equals(holder)) {
            return 0;
        }
        Link head = head();
        // before the rows, and before this transaction writes (its own id would count as in flight)
        TransactionHorizon horizon = TransactionHorizon.read(jdbc, clock);
        List<EventRow> rows = jdbc.query("SELECT " + EventRow.COLUMNS + " FROM domain_event_entry "
                        + "WHERE global_index > ? ORDER BY global_index LIMIT ?",
                (rs, row) -> EventRow.from(rs), head.position(), settings.batchSize());
        long[] positions = rows.stream().mapToLong(EventRow::globalIndex).toArray();
        long through = gaps.finalThrough(head.position(), positions, horizon, clock.instant());
        byte[] previous = head.hash();
        Timestamp sealedAt = Timestamp.from(clock.instant());
        List<Object[]> links = new ArrayList<>();
        for (EventRow row : rows) {
            if (row.globalIndex() > through) {
                break;
            }
            previous = ChainHash.next(previous, row);
            links.add(new Object[]{row.globalIndex(), previous, sealedAt});
        }
        if (!links.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO audit_chain (position, hash, sealed_at) VALUES (?, ?, ?)", links);
        }
        // a full batch cut short by a gap is not full: the round ends and waits for the gap
        return links.size() == rows.size() ? links.size() : 0;
    }

    Link head() {
        List<Link> head = jdbc.query("SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1",
                (rs, row) -> new Link(rs.getLong(1), rs.getBytes(2)));
        return head.isEmpty() ? new Link(0, ChainHash.GENESIS) : head.get(0);
    }

    private Duration ageOfFirstEventAfter(long position) {
        List<String> first = jdbc.queryForList(
                "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1",
                String.class, position);
        if (first.isEmpty()) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(Instant.parse(first.get(0)), clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private void round() {
        try {
            sealAvailable();
            if (failing) {
                log.info("The audit chain sealer works again (sealed through position {})", sealedPosition);
                failing = false;
            }
        } catch (RuntimeException e) {
            // the database away, or a link refused: nothing half-done (one transaction per batch); next round retries
            if (!failing) {
                log.warn("The audit chain sealer could not seal; it retries every {} ({})",
                        settings.sealInterval(), e.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread sealer = new Thread(task, "audit-chain-sealer");
            sealer.setDaemon(true);
            return sealer;
        });
        long interval = settings.sealInterval().toMillis();
        thread.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    record Link(long position, byte[] hash) {
    }
}
