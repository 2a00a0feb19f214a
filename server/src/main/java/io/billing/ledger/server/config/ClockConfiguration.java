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
        // milliseconds, the API's one precision (docs/api.md): what is recorded is exactly what is shown, so an
        // asOf at a time the API showed includes the change made then; PostgreSQL keeps it exactly too
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        // Axon stamps events through a static clock; keep it the same as ours
        GenericEventMessage.clock = clock;
        return clock;
    }
}
