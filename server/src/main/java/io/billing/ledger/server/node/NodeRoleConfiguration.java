package io.billing.ledger.server.node;

import org.axonframework.common.Registration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.SubscribableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.function.Consumer;

/** The beans behind {@link NodeRoleSettings}: the idle source, the segment hand-over, the API switch. */
@Configuration
public class NodeRoleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodeRoleConfiguration.class);
    /** How often a pooled processor stores its position when it meets only events it does not handle. */
    static final long CLAIM_EXTENSION_MS = 1000;

    private final NodeRoles roles;

    public NodeRoleConfiguration(@Value("${" + NodeRoles.PROPERTY + ":" + NodeRoles.ALL + "}") String roles) {
        // validated at start by NodeRoleSettings; read again here as a value (no record: the
        // environment post-processor, which must act before Axon's processors are built, owns it)
        this.roles = NodeRoles.parse(roles);
        log.info("This node's roles: {}", this.roles);
    }

    @Bean
    public NodeRoles nodeRoles() {
        return roles;
    }

    /** What the groups of a role this node does not hold subscribe to: nothing is ever published on it. */
    @Bean(NodeRoleSettings.IDLE_SOURCE)
    public SubscribableMessageSource<EventMessage<?>> idleEventSource() {
        return new SubscribableMessageSource<>() {
            @Override
            public Registration subscribe(Consumer<List<? extends EventMessage<?>>> messageProcessor) {
                return () -> true;
            }
        };
    }

    /**
     * A pooled processor writes its position with each batch it handles; past events it does not
     * handle, only when it extends its claim (Axon: every 5 s). Another node's read-your-writes wait
     * ({@code AwaitInvoicing}, a test clock's advance) reads that stored position, so it is written
     * each second here: a wait on an API node for a processor on another node then takes at most
     * about a second longer than on the node itself.
     */
    @Bean
    public ConfigurerModule storePositionsEachSecond() {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (configuration, builder) -> builder.claimExtensionThreshold(CLAIM_EXTENSION_MS));
    }
}
