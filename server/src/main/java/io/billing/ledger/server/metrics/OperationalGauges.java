package io.billing.ledger.server.metrics;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.projection.support.ProcessorCatchUp;
import io.billing.ledger.server.projection.ProjectionLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The billing gauges of docs/operations.md. Business figures are read from the tables (the same
 * on every node, right after a replay, whichever node did the work), not counted in event
 * handlers, which would count again on replay and once per node. Tags take values from fixed
 * sets (statuses, failure kinds, actions, queue and processor names): never an id.
 */
@Component
public class OperationalGauges {

    private static final Logger log = LoggerFactory.getLogger(OperationalGauges.class);

    /** How stale a table-derived gauge may be: a scrape every 15 s costs one query per group. */
    static final Duration TABLE_MAX_AGE = Duration.ofSeconds(10);
    /** usage_records grows with every metered call: counted less often. */
    static final Duration USAGE_MAX_AGE = Duration.ofSeconds(60);
    /** A scheduled item still waiting this long after it fell due is overdue (the scheduler polls every second). */
    static final Duration OVERDUE_AFTER = Duration.ofMinutes(1);
    static final String NO_FAILURE = "none";

    /** The scheduler's queues: table and the column holding when an item falls due (real-time items only). */
    private static final Map<String, String[]> SCHEDULER_QUEUES = Map.of(
            "renewals", new String[]{"subscription_schedule", "due_at"},
            "finalizations", new String[]{"invoice_finalizations", "finalize_at"},
            "dunning", new String[]{"dunning_schedule", "due_at"});

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final EventProcessingConfiguration processing;
    private final ProcessorCatchUp catchUp;
    private final ProjectionLag lag;

    public OperationalGauges(MeterRegistry registry, JdbcTemplate jdbc, Clock clock,
                             EventProcessingConfiguration processing, ProcessorCatchUp catchUp, ProjectionLag lag) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        this.processing = processing;
        this.catchUp = catchUp;
        this.lag = lag;
    }

    /** After start: the processors exist only once Axon's configuration has started. */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        registerProcessors();
        registerInvoices();
        registerPayments();
        registerDunning();
        registerWebhooks();
        registerUsage();
        registerScheduler();
    }

    private void registerProcessors() {
        TableCounts head = counts(TABLE_MAX_AGE.dividedBy(5), db -> Map.of("head", (double) catchUp.headPosition()));
        Gauge.builder("billing.events.head", () -> head.get("head"))
                .description("Global position of the newest event in the store").register(registry);
        for (String processor : new TreeSet<>(processing.eventProcessors().keySet())) {
            StreamingEventProcessor streaming =
                    processing.eventProcessor(processor, StreamingEventProcessor.class).orElse(null);
            if (streaming == null) {
                continue; // subscribing processors run in the command's transaction: they cannot lag
            }
            TableCounts position = counts(TABLE_MAX_AGE.dividedBy(5), db -> Map.of(
                    "position", (double) catchUp.position(processor),
                    "lagSeconds", lag.of(processor).toMillis() / 1000.0));
            Gauge.builder("billing.processor.position", () -> position.get("position"))
                    .tag("processor", processor)
                    .description("Lowest global position the processor's segments have reached (-1: none yet)")
                    .register(registry);
            Gauge.builder("billing.processor.lag.events",
                            () -> Math.max(0, head.get("head") - position.get("position")))
                    .tag("processor", processor)
                    .description("Events in the store after the processor's position (an upper bound: gaps count)")
                    .register(registry);
            Gauge.builder("billing.processor.lag", () -> position.get("lagSeconds"))
                    .tag("processor", processor)
                    .baseUnit("seconds")
                    .description("Age of the oldest event the processor has not processed; 0 when caught up")
                    .register(registry);
            Gauge.builder("billing.processor.segments.claimed", streaming,
                            guarded(p -> p.processingStatus().size()))
                    .tag("processor", processor)
                    .description("Segments of the processor this node holds a claim on")
                    .register(registry);
        }
    }

    private void registerInvoices() {
        TableCounts invoices = counts(TABLE_MAX_AGE, db -> grouped(db,
                "SELECT status, count(*) FROM invoice_directory GROUP BY status"));
        for (InvoiceStatus status : InvoiceStatus.values()) {
            Gauge.builder("billing.invoices", () -> invoices.get(status.wire()))
                    .tag("status", status.wire())
                    .description("Invoices by status: drafted = all of them, finalized = all but draft")
                    .register(registry);
        }
    }

    private void registerPayments() {
        TableCounts payments = counts(TABLE_MAX_AGE, db -> grouped(db,
                "SELECT status || '/' || coalesce(failure_kind, '" + NO_FAILURE + "'), count(*) FROM payments"
                        + " GROUP BY 1"));
        List<String> kinds = new java.util.ArrayList<>(List.of(NO_FAILURE));
        for (FailureKind kind : FailureKind.values()) {
            kinds.add(kind.wire());
        }
        for (PaymentStatus status : PaymentStatus.values()) {
            for (String kind : kinds) {
                Gauge.builder("billing.payments", () -> payments.get(status.wire() + "/" + kind))
                        .tag("status", status.wire())
                        .tag("failure_kind", kind)
                        .description("Payments (one per charge attempt) by outcome and, for failures, kind")
                        .register(registry);
            }
        }
    }

    private void registerDunning() {
        TableCounts cases = counts(TABLE_MAX_AGE, db -> grouped(db,
                "SELECT current_action, count(*) FROM dunning_cases WHERE status = 'active' GROUP BY current_action"));
        for (DunningAction action : DunningAction.values()) {
            Gauge.builder("billing.dunning.open.cases", () -> cases.get(action.wire()))
                    .tag("action", action.wire())
                    .description("Active dunning cases by the action they are at")
                    .register(registry);
        }
    }

    private void registerWebhooks() {
        TableCounts deliveries = counts(TABLE_MAX_AGE, db -> {
            Map<String, Double> values = grouped(db, "SELECT status, count(*) FROM webhook_deliveries GROUP BY status");
            Timestamp oldest = db.queryForObject(
                    "SELECT min(created_at) FROM webhook_deliveries WHERE status = 'pending'", Timestamp.class);
            values.put("oldestPendingAge", oldest == null ? 0.0
                    : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0));
            return values;
        });
        for (String status : List.of("pending", "delivered", "failed")) {
            Gauge.builder("billing.webhook.deliveries", () -> deliveries.get(status))
                    .tag("status", status)
                    .description("Outbound webhook deliveries by outcome (pending: not delivered yet, retries included)")
                    .register(registry);
        }
        Gauge.builder("billing.webhook.backlog", () -> deliveries.get("pending"))
                .description("Webhook deliveries waiting for a first or another attempt")
                .register(registry);
        Gauge.builder("billing.webhook.oldest.pending.age", () -> deliveries.get("oldestPendingAge"))
                .baseUnit("seconds")
                .description("How long the oldest undelivered webhook has waited since it was queued; 0 when none")
                .register(registry);
    }

    private void registerUsage() {
        TableCounts usage = counts(USAGE_MAX_AGE, db -> Map.of("records",
                db.queryForObject("SELECT count(*) FROM usage_records", Double.class)));
        Gauge.builder("billing.usage.records", () -> usage.get("records"))
                .description("Usage records ingested (distinct idempotency keys), all nodes")
                .register(registry);
    }

    private void registerScheduler() {
        TableCounts due = counts(TABLE_MAX_AGE, db -> {
            Map<String, Double> values = new HashMap<>();
            Timestamp now = Timestamp.from(clock.instant());
            Timestamp overdue = Timestamp.from(clock.instant().minus(OVERDUE_AFTER));
            SCHEDULER_QUEUES.forEach((queue, table) -> {
                // test-clock items fall due on their clock's time, which only an advance moves: not counted
                String sql = "SELECT count(*) FILTER (WHERE " + table[1] + " <= ?), count(*) FILTER (WHERE "
                        + table[1] + " <= ?) FROM " + table[0] + " WHERE test_clock_id IS NULL";
                db.query(sql, rs -> {
                    values.put(queue + "/due", rs.getDouble(1));
                    values.put(queue + "/overdue", rs.getDouble(2));
                }, now, overdue);
            });
            return values;
        });
        for (String queue : new TreeSet<>(SCHEDULER_QUEUES.keySet())) {
            Gauge.builder("billing.scheduler.due.items", () -> due.get(queue + "/due"))
                    .tag("queue", queue)
                    .description("Scheduled items (real time) whose time has come and that are not done yet")
                    .register(registry);
            Gauge.builder("billing.scheduler.overdue.items", () -> due.get(queue + "/overdue"))
                    .tag("queue", queue)
                    .description("Due items still waiting more than a minute after their time")
                    .register(registry);
        }
    }

    private TableCounts counts(Duration maxAge, java.util.function.Function<JdbcTemplate, Map<String, Double>> read) {
        return new TableCounts(jdbc, clock, maxAge, read);
    }

    private static Map<String, Double> grouped(JdbcTemplate db, String sql) {
        Map<String, Double> values = new HashMap<>();
        db.query(sql, rs -> {
            values.put(rs.getString(1), rs.getDouble(2));
        });
        return values;
    }

    private static <T> ToDoubleFunction<T> guarded(ToDoubleFunction<T> read) {
        return target -> {
            try {
                return read.applyAsDouble(target);
            } catch (RuntimeException e) {
                log.debug("Could not read a processor gauge", e);
                return Double.NaN;
            }
        };
    }
}
