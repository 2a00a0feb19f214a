package io.billing.ledger.server.node;

import io.billing.ledger.server.config.InvalidSettingException;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code BILLING_ROLES} and {@code PROCESSOR_SEGMENTS} into the settings Axon and our
 * workers read, before anything starts (Axon's processors are built from
 * {@code axon.eventhandling.processors.*}, so this cannot wait for a bean):
 * <ul>
 * <li>a streaming group whose role this node does not hold becomes a subscribing processor on
 *     {@code idleEventSource}, a source that never publishes: its handlers' beans still exist (the
 *     projections' query handlers answer on an API node), but it claims no segment and handles no
 *     event; the node that holds the role does, through the shared token table;</li>
 * <li>without {@code processes} the webhook delivery workers do not start, without
 *     {@code scheduler} the billing scheduler does not tick;</li>
 * <li>every streaming group looks for unclaimed segments each second (Axon's default is five), so a
 *     segment released by a node that stops is taken over at once;</li>
 * <li>the projections that may be split ({@link #SPLITTABLE}) start with {@code PROCESSOR_SEGMENTS}
 *     segments; every other group keeps the one segment application.yml gives it.</li>
 * </ul>
 * Only switches are added (off, idle, a segment count): a role this node holds never turns on
 * what a setting turned off.
 */
public class NodeRoleSettings implements EnvironmentPostProcessor {

    public static final String SEGMENTS_PROPERTY = "billing.processors.initial-segment-count";
    public static final String SEGMENTS_VARIABLE = "PROCESSOR_SEGMENTS";
    /** The bean every idle group subscribes to (AxonStorageConfiguration). */
    public static final String IDLE_SOURCE = "idleEventSource";
    /** How often a streaming processor looks for unclaimed segments. */
    static final long CLAIM_INTERVAL_MS = 1000;

    /** The streaming groups that act: invoicing, payments, dunning, webhooks, processor customers. */
    public static final Set<String> PROCESSES = Set.of("invoicing-policy", "payment-saga", "dunning-process",
            "webhook-outbox", "stripe-customer-sync");

    /**
     * The projections whose rows are each keyed by one aggregate and applied by version: Axon's
     * default sequencing (per aggregate) keeps each row's events in order across segments.
     * Not here: {@code invoice-directory} (it keeps customers' names for invoices, from another
     * aggregate's events), {@code usage-summaries} (its usage events belong to no aggregate and
     * share period rows with the subscription's events), and every process (docs/scaling.md).
     */
    public static final Set<String> SPLITTABLE = Set.of("plan-catalog", "customer-directory", "api-key-directory",
            "subscription-directory", "test-clock-directory", "payments", "dunning-cases");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        NodeRoles roles = NodeRoles.parse(environment.getProperty(NodeRoles.PROPERTY, NodeRoles.ALL));
        Integer segments = segments(environment.getProperty(SEGMENTS_PROPERTY));
        Map<String, EventProcessorProperties.ProcessorSettings> processors = Binder.get(environment)
                .bind("axon.eventhandling.processors",
                        Bindable.mapOf(String.class, EventProcessorProperties.ProcessorSettings.class))
                .orElse(Map.of());
        Map<String, Object> switches = new LinkedHashMap<>();
        processors.forEach((group, settings) -> {
            if (settings.getMode() == EventProcessorProperties.Mode.SUBSCRIBING) {
                return; // runs on every node: it writes in the transaction of whichever node handles the command
            }
            String prefix = "axon.eventhandling.processors." + group + ".";
            NodeRoles.Role role = PROCESSES.contains(group) ? NodeRoles.Role.PROCESSES : NodeRoles.Role.PROJECTIONS;
            if (!roles.has(role)) {
                switches.put(prefix + "mode", "subscribing");
                switches.put(prefix + "source", IDLE_SOURCE);
                return;
            }
            if (!environment.containsProperty(prefix + "token-claim-interval")) {
                switches.put(prefix + "token-claim-interval", CLAIM_INTERVAL_MS);
                switches.put(prefix + "token-claim-interval-time-unit", "MILLISECONDS");
            }
            if (segments != null && SPLITTABLE.contains(group)) {
                switches.put(prefix + "initial-segment-count", segments);
            }
        });
        if (!roles.has(NodeRoles.Role.PROCESSES)) {
            switches.put("billing.webhooks.delivery-enabled", false);
        }
        if (!roles.has(NodeRoles.Role.SCHEDULER)) {
            switches.put("billing.scheduler.enabled", false);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("billing-node-roles", switches));
    }

    private static Integer segments(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1 && count <= 64) {
                return count;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidSettingException(SEGMENTS_VARIABLE, value, "an integer from 1 to 64");
    }
}
