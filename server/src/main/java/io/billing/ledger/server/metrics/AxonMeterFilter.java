package io.billing.ledger.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.stereotype.Component;

/**
 * Axon's timers publish six client-side percentiles for every message type and processor: a
 * thousand series that cannot be aggregated across nodes. Without them each timer is a count and
 * a sum (and, for commands, the histogram buckets of application.yml), which Prometheus can
 * aggregate and turn into quantiles itself.
 */
@Component
public class AxonMeterFilter implements MeterFilter {

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        String name = id.getName();
        if (name.startsWith("commandBus.") || name.startsWith("eventProcessor.") || name.startsWith("eventStore.")
                || name.startsWith("queryBus.")) {
            return DistributionStatisticConfig.builder().percentiles(new double[0]).build().merge(config);
        }
        return config;
    }
}
