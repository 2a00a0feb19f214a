package io.billing.ledger.server.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.server.web.IdempotencyKeys;
import io.billing.ledger.server.web.RequestContext;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * How messages are written and what they carry. Every command is stamped with who sent it
 * ({@code actor}) and the request it came from ({@code requestId}); Axon's correlation
 * providers copy both, with its correlation and trace ids, onto every event it causes.
 */
@Configuration
public class AxonMessagingConfiguration {

    public static final String ACTOR = "actor";
    public static final String REQUEST_ID = "requestId";

    /**
     * The mapper for stored events, pinned so that the stored JSON does not change shape
     * when the web mapper's settings do. Not a default candidate: the web keeps Boot's.
     */
    @Bean(name = "defaultAxonObjectMapper", defaultCandidate = false)
    public ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /**
     * Commands that lost a race for an aggregate's next sequence number are sent again. On one
     * node Axon's aggregate lock serializes the commands of an aggregate; with several nodes on one
     * database (docs/scaling.md) two of them can load the same version, and the second append is
     * refused by the event store's unique key. Sent again, the command loads the new version and
     * decides anew. Only that refusal is retried: a command an aggregate rejects is not. The
     * command is stamped with its actor and request on the caller's thread, before a retry runs
     * on another.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .dispatchInterceptors(new StampActorAndRequest())
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .retryInterval(25)
                        .maxRetryCount(5)
                        .nonTransientFailurePredicate(failure -> !ConcurrentAppends.lostTheRace(failure))
                        .build())
                .build();
    }

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    public CorrelationDataProvider actorAndRequestProvider() {
        // a clock time travels too: what the scheduler's due work causes happened when it fell due
        return new SimpleCorrelationDataProvider(ACTOR, REQUEST_ID, ResourceTime.KEY);
    }

    @Bean
    public InitializingBean commandMetadataStamping(CommandBus commandBus) {
        return () -> commandBus.registerDispatchInterceptor(new StampActorAndRequest());
    }

    @Bean
    public InitializingBean resourceClockStamping(EventStore eventStore, JdbcTemplate jdbc) {
        return () -> eventStore.registerDispatchInterceptor(new ResourceClockStamping(jdbc));
    }

    @Bean
    public InitializingBean idempotencyCommitMarking(EventStore eventStore, IdempotencyKeys keys) {
        return () -> eventStore.registerDispatchInterceptor(new IdempotencyCommitMarker(keys));
    }

    /** Adds actor and request id from the current request (or the system component acting) to a command. */
    static class StampActorAndRequest implements MessageDispatchInterceptor<CommandMessage<?>> {

        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            RequestContext context = RequestContext.current();
            return (index, command) -> {
                Map<String, Object> stamp = new HashMap<>();
                if (!command.getMetaData().containsKey(ACTOR)) {
                    stamp.put(ACTOR, context.actor());
                }
                if (!command.getMetaData().containsKey(REQUEST_ID) && context.requestId() != null) {
                    stamp.put(REQUEST_ID, context.requestId());
                }
                return stamp.isEmpty() ? command : command.andMetaData(stamp);
            };
        }
    }
}
