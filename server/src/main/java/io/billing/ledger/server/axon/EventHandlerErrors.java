package io.billing.ledger.server.axon;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.Set;
import java.util.TreeSet;

/**
 * What happens when an event handler fails.
 * <ul>
 * <li>The subscribing processors write tables that decisions rely on (credentials,
 *     uniqueness, the schedule, invoicing): their failure propagates, fails the command and
 *     rolls back its events, rather than commit the events without the row.</li>
 * <li>The pooled projections (those with {@code axon.eventhandling.processors.<group>.dlq.enabled})
 *     park an event they cannot apply in their dead-letter queue, with the later events of the
 *     same aggregate behind it, and go on with the rest of the stream. Only permanent failures
 *     are parked ({@link PoisonEventPolicy}); a transient one propagates and the processor
 *     retries its batch with back-off.</li>
 * </ul>
 */
@Configuration
public class EventHandlerErrors {

    /**
     * Every handler's failure propagates (a dead-lettering projection's goes to its queue
     * first). Axon's default logs it and goes on with the next event, so a read table would
     * silently miss that event for good.
     */
    @Bean
    public ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * The dead-letter queues themselves are Axon's JDBC ones, created per group from
     * {@code dlq.enabled} on {@code dead_letter_entry} (see AxonStorageConfiguration). Here:
     * which failures they take, and that a replay (token reset) clears them, since a rebuild
     * meets every event again and parks whatever still fails.
     */
    @Bean
    public ConfigurerModule deadLetterPolicies(EventProcessorProperties processors) {
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing();
            processing.registerDefaultDeadLetterPolicy(configuration -> new PoisonEventPolicy());
            for (String group : deadLetteringGroups(processors)) {
                processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                        (configuration, invoker) -> invoker.allowReset(true)
                                // remembers which aggregates are parked, so that the others
                                // do not cost a query of the queue per event
                                .enableSequenceIdentifierCache());
            }
        };
    }

    @Bean
    public static HandlerSavepoints handlerSavepoints(ObjectProvider<EventProcessorProperties> processors,
                                                      ObjectProvider<PlatformTransactionManager> transactions) {
        return new HandlerSavepoints(() -> deadLetteringGroups(processors.getObject()), transactions::getObject);
    }

    /** The processing groups configured with a dead-letter queue. */
    public static Set<String> deadLetteringGroups(EventProcessorProperties processors) {
        Set<String> groups = new TreeSet<>();
        processors.getProcessors().forEach((name, settings) -> {
            if (settings.getDlq() != null && settings.getDlq().isEnabled()) {
                groups.add(name);
            }
        });
        return groups;
    }
}
