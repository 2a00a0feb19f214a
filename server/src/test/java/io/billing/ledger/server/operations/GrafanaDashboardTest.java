package io.billing.ledger.server.operations;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard parses and every panel queries a metric (that the server exposes them: OperationsEndToEndTest). */
class GrafanaDashboardTest {

    @Test
    void every_panel_of_the_dashboard_queries_a_metric() throws Exception {
        List<GrafanaDashboard.Panel> panels = GrafanaDashboard.panels();

        assertThat(panels).hasSizeGreaterThan(15);
        assertThat(panels).allSatisfy(panel -> {
            assertThat(panel.expressions()).as(panel.title()).isNotEmpty();
            assertThat(panel.expressions()).allSatisfy(expression ->
                    assertThat(GrafanaDashboard.metricNames(expression)).as(panel.title() + ": " + expression).isNotEmpty());
        });
    }

    @Test
    void metric_names_are_read_out_of_promql() {
        assertThat(GrafanaDashboard.metricNames("histogram_quantile(0.95, sum by (le, uri) "
                + "(rate(http_server_requests_seconds_bucket{status=~\"5..\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(GrafanaDashboard.metricNames("max(billing_events_head) - max by (processor) (billing_processor_position)"))
                .containsExactly("billing_events_head", "billing_processor_position");
    }
}
