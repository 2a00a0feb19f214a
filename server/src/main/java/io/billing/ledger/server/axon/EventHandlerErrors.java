package io.billing.ledger.server.axon;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What happens when an event handler fails. The subscribing processors write tables that
 * decisions rely on (credentials, uniqueness, the schedule): a failure there must fail the
 * command and roll back its events, not commit the events without the row.
 */
@Configuration
public class EventHandlerErrors {

    /**
     * Every handler's failure propagates. Axon's default logs it and goes on with the next
     * event, so a read table would silently miss that event for good. Propagated, a
     * subscribing handler's failure fails the command; a streaming processor's failure makes
     * the processor stop at that event and retry it with back-off until it succeeds.
     */
    @Bean
    public ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
