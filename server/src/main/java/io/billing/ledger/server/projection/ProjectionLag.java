package io.billing.ledger.server.projection;

import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How far a processor is behind, as time: the age of the oldest event it has not yet processed
 * (the first event in the store after its position, its position being the lowest its segments
 * have reached). Zero when it has processed everything in the store. An event's age is the
 * time since it was written (its stored timestamp, stamped by the system clock when appended).
 * <p>
 * So a processor that is working through a burst lags by as long as the burst's first
 * unprocessed event has waited; one that stopped (stalled, shut down, replaying from the
 * start) lags by the age of the first event it has not reached, which grows until it moves.
 */
@Component
public class ProjectionLag {

    private final ProcessorCatchUp catchUp;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ProjectionLag(ProcessorCatchUp catchUp, JdbcTemplate jdbc, Clock clock) {
        this.catchUp = catchUp;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Duration of(String processor) {
        long position = catchUp.position(processor);
        List<String> oldestUnprocessed = jdbc.queryForList(
                "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1",
                String.class, position);
        if (oldestUnprocessed.isEmpty()) {
            return Duration.ZERO;
        }
        Duration lag = Duration.between(Instant.parse(oldestUnprocessed.get(0)), clock.instant());
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}
