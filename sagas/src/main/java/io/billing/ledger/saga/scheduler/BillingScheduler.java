package io.billing.ledger.saga.scheduler;

import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.api.dunning.RunDunningStep;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.subscription.RenewSubscription;
import io.billing.ledger.api.testclock.CompleteTestClockAdvance;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Carries out time-driven transitions: the end of each subscription's current period (trial
 * end, renewal, or a cancellation scheduled for the period end), the finalization of drafts,
 * and each dunning case's next step (a payment retry or a rung of the escalation ladder), on real time, and on each advancing test clock up to its target, in time order.
 * <p>
 * Each due item is taken with {@code FOR UPDATE SKIP LOCKED} and handled in one
 * transaction with the command it sends: the command's events move the item's due time on
 * in that same commit. So with several nodes each item is done by one, a crash either
 * commits both or neither, and {@link RenewSubscription} is idempotent besides.
 */
@Component
public class BillingScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BillingScheduler.class);
    /** How long a stopping node waits for the items in hand (within Spring's shutdown phase timeout). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:billing-scheduler");

    private final JdbcTemplate jdbc;
    private final DownstreamWork downstream;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final Clock clock;
    private final boolean enabled;
    private final ExecutorService workers;
    private final int workerCount;
    private final Duration downstreamWait;
    /** Held while a tick works; a stopping node waits for it, so an item in hand is finished, not abandoned. */
    private final ReentrantLock ticking = new ReentrantLock();
    private volatile boolean active;

    public BillingScheduler(JdbcTemplate jdbc, TransactionTemplate transactions, CommandGateway commands,
                            DownstreamWork downstream, Clock clock, SchedulerSettings settings) {
        this.downstreamWait = settings.downstreamWait();
        this.jdbc = jdbc;
        this.downstream = downstream;
        this.transactions = transactions;
        this.commands = commands;
        this.clock = clock;
        this.enabled = settings.enabled();
        this.workerCount = settings.workers();
        this.workers = Executors.newFixedThreadPool(this.workerCount, new ThreadFactory() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "billing-scheduler-" + next.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        });
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Override
    public void start() {
        active = true;
    }

    /**
     * On shutdown (SIGTERM), after the web server has drained and before the processors stop: takes
     * no further item and waits for the one each worker has in hand (bounded). Nothing is leased:
     * an item is locked only by its open transaction, so the other nodes' schedulers take the
     * remaining items at their next poll, and a crash (SIGKILL) releases the lock with the connection.
     */
    @Override
    public void stop() {
        active = false;
        try {
            if (ticking.tryLock(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                ticking.unlock();
            } else {
                log.warn("The billing scheduler's work in hand did not finish within {}", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** Below the web server's graceful shutdown (requests drain first), above Axon's processors. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    // a placeholder, not SchedulerSettings: an annotation attribute cannot take a bean's value; the same
    // key is bound (and checked) by SchedulerSettings.pollInterval
    @Scheduled(fixedDelayString = "${billing.scheduler.poll-interval:PT1S}")
    public void tick() {
        if (enabled && active && ticking.tryLock()) {
            try {
                runDueWork();
            } finally {
                ticking.unlock();
            }
        }
    }

    /** Does every item due now (and on every advancing test clock); returns how many it handled. */
    public int runDueWork() {
        int handled = drain(null, clock.instant());
        for (Advance advance : advancingClocks()) {
            handled += advance(advance);
            // settled first: work the processors drafted before that moment is then visible to anyDue
            if (active && downstream.settled() && !anyDue(advance.testClockId(), advance.to())) {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new CompleteTestClockAdvance(advance.testClockId(), advance.to())).andMetaData(ACTOR));
            }
        }
        return handled;
    }

    /**
     * Replays a test clock's due work in time steps: all items due at the earliest due instant,
     * then, once the processors downstream have drafted what those items caused (a renewal's
     * invoice), the next instant. So a renewal's invoice exists, and its finalization is queued,
     * before the clock moves past it to the next period end: the invoicing processor runs after
     * the renewal's transaction, and without the wait a year's renewals would outrun their
     * invoices. If the processors do not settle in time, the advance goes on at the next tick.
     */
    private int advance(Advance advance) {
        int handled = 0;
        while (true) {
            Optional<Instant> step = earliestDue(advance.testClockId(), advance.to());
            if (step.isEmpty()) {
                return handled;
            }
            int inStep = drain(advance.testClockId(), step.get());
            handled += inStep;
            if (!awaitDownstream() || inStep == 0) {
                return handled; // not settled yet, or only items waiting for a retry: the next tick goes on
            }
        }
    }

    private boolean awaitDownstream() {
        long deadline = System.nanoTime() + downstreamWait.toNanos();
        long pause = 1;
        while (!downstream.settled()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 20);
        }
        return true;
    }

    /** The earliest instant at which an item of the clock is due (and not waiting for a retry). */
    private Optional<Instant> earliestDue(String testClockId, Instant until) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp limit = Timestamp.from(until);
        Timestamp earliest = jdbc.queryForObject("""
                SELECT LEAST(
                    (SELECT min(due_at) FROM subscription_schedule WHERE test_clock_id = ? AND due_at <= ?
                        AND (next_attempt_at IS NULL OR next_attempt_at <= ?)),
                    (SELECT min(finalize_at) FROM invoice_finalizations WHERE test_clock_id = ? AND finalize_at <= ?
                        AND (next_attempt_at IS NULL OR next_attempt_at <= ?)),
                    (SELECT min(due_at) FROM dunning_schedule WHERE test_clock_id = ? AND due_at <= ?
                        AND (next_attempt_at IS NULL OR next_attempt_at <= ?)))""",
                Timestamp.class, testClockId, limit, now, testClockId, limit, now, testClockId, limit, now);
        return Optional.ofNullable(earliest).map(Timestamp::toInstant);
    }

    /**
     * Works off the due items with all workers at once: SKIP LOCKED hands each item to one of
     * them. A subscription's next item only appears when its previous one commits, so each
     * subscription's items still happen in order.
     */
    private int drain(String testClockId, Instant until) {
        List<Future<Integer>> running = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            running.add(workers.submit(() -> {
                int handled = 0;
                while (active && handleNext(testClockId, until)) {
                    handled++;
                }
                return handled;
            }));
        }
        int handled = 0;
        for (Future<Integer> worker : running) {
            try {
                handled += worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(other -> other.cancel(true));
                return handled;
            } catch (ExecutionException e) {
                log.error("A billing scheduler worker failed", e.getCause());
            }
        }
        return handled;
    }

    /**
     * On a test clock, the work happened when it fell due, not at the time the clock was advanced
     * to: its events are dated by the due time (ResourceTime), as Stripe dates a test clock's renewals.
     */
    private static Map<String, Object> dueAt(String testClockId, Due due) {
        return testClockId == null ? ACTOR : Map.of("actor", ACTOR.get("actor"), ResourceTime.KEY, ResourceTime.stamp(due.dueAt()));
    }

    private boolean handleNext(String testClockId, Instant until) {
        AtomicReference<Due> taken = new AtomicReference<>();
        try {
            Boolean found = transactions.execute(status -> {
                Instant now = clock.instant();
                // the earliest due item of any kind, so a test clock replays them in time order
                Optional<Due> item = Stream.of(earliest(Kind.PERIOD_END, testClockId, until, now),
                                earliest(Kind.FINALIZATION, testClockId, until, now),
                                earliest(Kind.DUNNING_STEP, testClockId, until, now))
                        .flatMap(Optional::stream)
                        .min(Comparator.comparing(Due::dueAt).thenComparing(due -> due.kind().ordinal()));
                if (item.isEmpty()) {
                    return false;
                }
                Due due = item.get();
                taken.set(due);
                if (due.kind() == Kind.PERIOD_END) {
                    commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new RenewSubscription(due.id(), due.dueAt())).andMetaData(dueAt(testClockId, due)));
                    // the events moved the due time on; if nothing did (a repeat), park the item so it cannot loop
                    jdbc.update("UPDATE subscription_schedule SET due_at = NULL WHERE subscription_id = ? AND due_at = ?",
                            due.id(), Timestamp.from(due.dueAt()));
                } else if (due.kind() == Kind.FINALIZATION) {
                    commands.sendAndWait(GenericCommandMessage.asCommandMessage(new FinalizeInvoice(due.id(), due.dueAt()))
                            .andMetaData(dueAt(testClockId, due)));
                    jdbc.update("DELETE FROM invoice_finalizations WHERE invoice_id = ?", due.id());
                } else {
                    // a retry or a checkpoint of the ladder; the case's events move (or clear) the due time
                    commands.sendAndWait(GenericCommandMessage.asCommandMessage(new RunDunningStep(due.id(), due.dueAt()))
                            .andMetaData(dueAt(testClockId, due)));
                    jdbc.update("UPDATE dunning_schedule SET due_at = NULL WHERE dunning_id = ? AND due_at = ?",
                            due.id(), Timestamp.from(due.dueAt()));
                }
                return true;
            });
            return Boolean.TRUE.equals(found);
        } catch (RuntimeException e) {
            Due due = taken.get();
            if (due == null) {
                throw e;
            }
            deferAfterFailure(due, e);
            return true;
        }
    }

    private Optional<Due> earliest(Kind kind, String testClockId, Instant until, Instant now) {
        String clockFilter = testClockId == null ? "test_clock_id IS NULL" : "test_clock_id = ?";
        Object[] arguments = testClockId == null
                ? new Object[]{Timestamp.from(until), Timestamp.from(now)}
                : new Object[]{testClockId, Timestamp.from(until), Timestamp.from(now)};
        return jdbc.query("SELECT " + kind.idColumn + ", " + kind.dueColumn + " FROM " + kind.table + " WHERE "
                        + clockFilter + " AND " + kind.dueColumn + " <= ?"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                        + " ORDER BY " + kind.dueColumn + ", " + kind.idColumn + " LIMIT 1 FOR UPDATE SKIP LOCKED",
                (rs, row) -> new Due(kind, rs.getString(1), rs.getTimestamp(2).toInstant()), arguments)
                .stream().findFirst();
    }

    private void deferAfterFailure(Due due, RuntimeException error) {
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM " + due.kind().table + " WHERE "
                + due.kind().idColumn + " = ?", Integer.class, due.id());
        int attempt = (attempts == null ? 0 : attempts) + 1;
        Duration backoff = Duration.ofSeconds(Math.min(300, 1L << Math.min(attempt, 8)));
        log.error("{} of {} due at {} failed (attempt {}); retrying in {}", due.kind(), due.id(), due.dueAt(),
                attempt, backoff, error);
        String message = String.valueOf(error.getMessage());
        jdbc.update("UPDATE " + due.kind().table + " SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE "
                        + due.kind().idColumn + " = ?",
                attempt, Timestamp.from(clock.instant().plus(backoff)),
                message.substring(0, Math.min(1000, message.length())), due.id());
    }

    private List<Advance> advancingClocks() {
        return jdbc.query("SELECT test_clock_id, advancing_to FROM test_clock_advances WHERE advancing_to IS NOT NULL",
                (rs, row) -> new Advance(rs.getString(1), rs.getTimestamp(2).toInstant()));
    }

    private boolean anyDue(String testClockId, Instant until) {
        Boolean due = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM subscription_schedule WHERE test_clock_id = ? AND due_at <= ?)
                    OR EXISTS (SELECT 1 FROM invoice_finalizations WHERE test_clock_id = ? AND finalize_at <= ?)
                    OR EXISTS (SELECT 1 FROM dunning_schedule WHERE test_clock_id = ? AND due_at <= ?)""",
                Boolean.class, testClockId, Timestamp.from(until), testClockId, Timestamp.from(until),
                testClockId, Timestamp.from(until));
        return Boolean.TRUE.equals(due);
    }

    /** The three kinds of due work, and where each is queued. */
    private enum Kind {
        PERIOD_END("subscription_schedule", "subscription_id", "due_at"),
        FINALIZATION("invoice_finalizations", "invoice_id", "finalize_at"),
        DUNNING_STEP("dunning_schedule", "dunning_id", "due_at");

        final String table;
        final String idColumn;
        final String dueColumn;

        Kind(String table, String idColumn, String dueColumn) {
            this.table = table;
            this.idColumn = idColumn;
            this.dueColumn = dueColumn;
        }
    }

    private record Due(Kind kind, String id, Instant dueAt) {
    }

    private record Advance(String testClockId, Instant to) {
    }
}
