package io.billing.ledger.server.node;

import io.billing.ledger.server.config.InvalidSettingException;
import io.billing.ledger.server.config.InvalidSettingFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BILLING_ROLES and PROCESSOR_SEGMENTS as the environment post-processor applies them, before Axon starts. */
class NodeRoleSettingsTest {

    private static final String PROCESSORS = "axon.eventhandling.processors.";

    @Test
    void all_roles_by_default_leave_every_processor_streaming_and_claim_released_segments_each_second() {
        StandardEnvironment environment = environment(Map.of());
        assertThat(environment.getProperty(PROCESSORS + "plan-catalog.mode")).isEqualTo("pooled");
        assertThat(environment.getProperty(PROCESSORS + "payment-saga.mode")).isEqualTo("pooled");
        assertThat(environment.getProperty(PROCESSORS + "plan-catalog.token-claim-interval")).isEqualTo("1000");
        assertThat(environment.getProperty(PROCESSORS + "plan-catalog.initial-segment-count")).isEqualTo("1");
        assertThat(environment.getProperty("billing.scheduler.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("billing.webhooks.delivery-enabled")).isEqualTo("true");
    }

    @Test
    void an_api_node_keeps_the_subscribing_processors_and_idles_the_rest() {
        StandardEnvironment environment = environment(Map.of("billing.roles", "api"));
        assertThat(environment.getProperty(PROCESSORS + "plan-terms.mode")).isEqualTo("subscribing");
        assertThat(environment.getProperty(PROCESSORS + "plan-terms.source")).isNull();
        for (String group : new String[]{"plan-catalog", "usage-summaries", "invoicing-policy", "webhook-outbox"}) {
            assertThat(environment.getProperty(PROCESSORS + group + ".mode")).as(group).isEqualTo("subscribing");
            assertThat(environment.getProperty(PROCESSORS + group + ".source")).as(group)
                    .isEqualTo(NodeRoleSettings.IDLE_SOURCE);
        }
        assertThat(environment.getProperty("billing.scheduler.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("billing.webhooks.delivery-enabled")).isEqualTo("false");
    }

    @Test
    void a_projections_node_runs_only_the_projections_and_splits_those_that_may_be() {
        StandardEnvironment environment = environment(Map.of("billing.roles", " projections ",
                "billing.processors.initial-segment-count", "4"));
        assertThat(environment.getProperty(PROCESSORS + "customer-directory.mode")).isEqualTo("pooled");
        assertThat(environment.getProperty(PROCESSORS + "customer-directory.initial-segment-count")).isEqualTo("4");
        assertThat(environment.getProperty(PROCESSORS + "invoice-directory.initial-segment-count"))
                .as("keeps its one segment").isEqualTo("1");
        assertThat(environment.getProperty(PROCESSORS + "usage-summaries.initial-segment-count")).isEqualTo("1");
        assertThat(environment.getProperty(PROCESSORS + "dunning-process.source")).isEqualTo(NodeRoleSettings.IDLE_SOURCE);
        assertThat(environment.getProperty("billing.scheduler.enabled")).isEqualTo("false");
    }

    @Test
    void a_role_never_turns_on_what_a_setting_turned_off() {
        StandardEnvironment environment = environment(Map.of("billing.scheduler.enabled", "false"));
        assertThat(environment.getProperty("billing.scheduler.enabled")).isEqualTo("false");
    }

    @Test
    void an_empty_or_unknown_role_stops_the_start_naming_the_variable() {
        for (String roles : new String[]{"", " ", "api,", "api,worker", "API"}) {
            assertThatThrownBy(() -> environment(Map.of("billing.roles", roles))).as("'" + roles + "'")
                    .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                        assertThat(e.variable()).isEqualTo("BILLING_ROLES");
                        FailureAnalysis analysis = new InvalidSettingFailureAnalyzer(new StandardEnvironment()).analyze(e);
                        assertThat(analysis.getDescription()).contains("BILLING_ROLES")
                                .contains("api, projections, processes, scheduler");
                    });
        }
        for (String segments : new String[]{"0", "65", "two"}) {
            assertThatThrownBy(() -> environment(Map.of("billing.processors.initial-segment-count", segments)))
                    .isInstanceOfSatisfying(InvalidSettingException.class,
                            e -> assertThat(e.variable()).isEqualTo("PROCESSOR_SEGMENTS"));
        }
    }

    @Test
    void roles_parse_in_any_order() {
        assertThat(NodeRoles.parse("scheduler,api").roles())
                .containsExactlyInAnyOrder(NodeRoles.Role.SCHEDULER, NodeRoles.Role.API);
        assertThat(NodeRoles.parse(NodeRoles.ALL).roles()).containsExactlyInAnyOrder(NodeRoles.Role.values());
    }

    /** The processors of application.yml (a few), then the post-processor, as at start. */
    private static StandardEnvironment environment(Map<String, String> settings) {
        Map<String, Object> yml = new HashMap<>();
        for (String group : new String[]{"plan-terms"}) {
            yml.put(PROCESSORS + group + ".mode", "subscribing");
        }
        for (String group : new String[]{"plan-catalog", "customer-directory", "invoice-directory", "usage-summaries",
                "invoicing-policy", "webhook-outbox", "payment-saga", "dunning-process"}) {
            yml.put(PROCESSORS + group + ".mode", "pooled");
            yml.put(PROCESSORS + group + ".source", "projectionEventSource");
            yml.put(PROCESSORS + group + ".initial-segment-count", "1");
        }
        yml.put("billing.scheduler.enabled", "true");
        yml.put("billing.webhooks.delivery-enabled", "true");
        yml.putAll(settings);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", yml));
        new NodeRoleSettings().postProcessEnvironment(environment, null);
        return environment;
    }
}
