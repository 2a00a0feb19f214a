package io.billing.ledger.server.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Gauges per dead-lettering projection: {@code billing.projections.dead_letters} (events
 * parked) and {@code billing.projections.lag} (seconds, see {@link ProjectionLag}), tagged
 * {@code processor}. Read from the database when the registry is read; NaN while it is away.
 */
@Component
public class DeadLetterGauges {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGauges.class);

    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    private final ProjectionLag lag;

    public DeadLetterGauges(MeterRegistry registry, DeadLetters deadLetters, ProjectionLag lag) {
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.lag = lag;
    }

    /** After start: the processors (and so their queues) exist only once Axon's configuration has started. */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        for (String processor : deadLetters.processors()) {
            Gauge.builder("billing.projections.dead_letters", processor, guarded(deadLetters::count))
                    .tag("processor", processor)
                    .description("Events the projection could not apply, parked in its dead-letter queue")
                    .register(registry);
            Gauge.builder("billing.projections.lag", processor, guarded(name -> lag.of(name).toMillis() / 1000.0))
                    .tag("processor", processor)
                    .description("Age of the oldest event the projection has not processed yet")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    private static ToDoubleFunction<String> guarded(ToDoubleFunction<String> read) {
        return processor -> {
            try {
                return read.applyAsDouble(processor);
            } catch (RuntimeException e) {
                log.debug("Could not read a projection gauge of {}", processor, e);
                return Double.NaN;
            }
        };
    }
}
