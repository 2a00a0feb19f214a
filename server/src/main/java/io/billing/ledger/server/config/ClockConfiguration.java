package io.billing.ledger.server.config;

import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** The one place the system learns the time; tests (and later test clocks) replace it. */
@Configuration
public class ClockConfiguration {

    @Bean
    public Clock clock() {
        // microseconds, as PostgreSQL keeps them: an instant read back from a table equals the one written
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        // Axon stamps events through a static clock; keep it the same as ours
        GenericEventMessage.clock = clock;
        return clock;
    }
}
