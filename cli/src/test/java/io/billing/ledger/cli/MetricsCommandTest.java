package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsCommandTest {

    static final String MRR = """
            {"data":{"currency":"usd","series":[
              {"at":"2032-01-01T00:00:00.000Z","mrrCents":0},
              {"at":"2032-02-01T00:00:00.000Z","mrrCents":35000},
              {"at":"2032-03-01T00:00:00.000Z","mrrCents":53332},
              {"at":"2032-04-01T00:00:00.000Z","mrrCents":68332}],
             "movements":{"newCents":53332,"expansionCents":15000,"contractionCents":0,"churnCents":0,
              "reactivationCents":0}}}""";
    static final String CHURN = """
            {"data":{"currency":"usd","startCustomers":4,"churnedCustomers":2,"customerChurnRate":0.5000,
             "startMrrCents":53332,"churnedMrrCents":20000,"revenueChurnRate":0.3750,"involuntaryCustomers":1}}""";
    static final String COHORTS = """
            {"data":{"currency":"usd","cohorts":[
              {"month":"2032-01","customers":2,"retention":[{"month":"2032-01","customers":2,"mrrCents":35000},
                {"month":"2032-02","customers":1,"mrrCents":25000},{"month":"2032-03","customers":0,"mrrCents":0}]},
              {"month":"2032-02","customers":3,"retention":[{"month":"2032-02","customers":3,"mrrCents":30000},
                {"month":"2032-03","customers":2,"mrrCents":20000}]}]}}""";

    static FakeBillingServer server;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new FakeBillingServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_read"), args);
    }

    @Test
    void mrr_passes_the_window_and_prints_the_series_and_its_movements_as_a_table() {
        server.answer("GET", "/v1/metrics/mrr", 200, MRR);

        CliRun run = billing("metrics", "mrr", "--from", "2032-01-01T00:00:00Z", "--to", "2032-04-01T00:00:00Z",
                "--interval", "month", "--currency", "usd");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.query()).isEqualTo(
                "from=2032-01-01T00%3A00%3A00Z&to=2032-04-01T00%3A00%3A00Z&currency=usd&interval=month");
        assertThat(run.out()).contains("2032-03-01T00:00:00.000Z  53332 (533.32 USD)")
                .contains("Expansion:    15000 (150.00 USD)")
                .contains("Net change:   68332 (683.32 USD)");
    }

    @Test
    void mrr_as_a_chart_draws_a_sparkline_and_a_bar_per_point() {
        server.answer("GET", "/v1/metrics/mrr", 200, MRR);

        CliRun run = billing("metrics", "mrr", "--format", "chart");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        // 0, 35000, 53332, 68332 against 68332: levels 0, 3, 5, 7
        assertThat(lines.get(0)).isEqualTo("MRR USD  ▁▄▆█");
        // the largest point fills all 40 cells; 35000 / 68332 × 320 eighths = 163.9 → 163 = 20 cells and 3/8
        assertThat(lines).anyMatch(line -> line.startsWith("2032-04-01T00:00:00.000Z " + "█".repeat(40))
                && line.endsWith("683.32 USD"));
        assertThat(lines).anyMatch(line -> line.startsWith("2032-02-01T00:00:00.000Z " + "█".repeat(20) + "▍ "));
        assertThat(lines).anyMatch(line -> line.startsWith("2032-01-01T00:00:00.000Z  ") && line.endsWith("0.00 USD"));
        assertThat(run.out()).contains("New:");
    }

    @Test
    void mrr_as_json_is_the_servers_data() throws Exception {
        server.answer("GET", "/v1/metrics/mrr", 200, MRR);

        CliRun run = billing("metrics", "mrr", "--json");

        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(MRR).get("data"));
    }

    @Test
    void churn_prints_counts_amounts_and_rates_and_as_a_chart_their_bars() {
        server.answer("GET", "/v1/metrics/churn", 200, CHURN);

        CliRun table = billing("metrics", "churn", "--from", "2032-06-01T00:00:00Z", "--to", "2032-10-01T00:00:00Z");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Churned customers:     2").contains("  of them involuntary: 1")
                .contains("Customer churn rate:   0.5000").contains("Churned MRR:           20000 (200.00 USD)")
                .contains("Revenue churn rate:    0.3750");

        CliRun chart = billing("metrics", "churn", "--format", "chart");
        assertThat(chart.out()).contains("customers " + "█".repeat(20) + " ".repeat(20) + " 50%")
                .contains("revenue   " + "█".repeat(15) + " ".repeat(25) + " 37.5%");
    }

    @Test
    void cohorts_print_one_row_per_month_or_a_shaded_grid() {
        server.answer("GET", "/v1/metrics/cohorts", 200, COHORTS);

        CliRun table = billing("metrics", "cohorts", "--currency", "usd");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("2032-01  2     2032-02  1       50%    25000 (250.00 USD)")
                .contains("2032-02  3     2032-03  2       67%    20000 (200.00 USD)");

        CliRun grid = billing("metrics", "cohorts", "--format", "chart");
        List<String> lines = grid.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Cohort    Size  M0     M1     M2");
        assertThat(lines.get(1)).isEqualTo("2032-01      2  █ 100% ▒  50%     0%");
        assertThat(lines.get(2)).isEqualTo("2032-02      3  █ 100% ▓  67%");
    }

    @Test
    void an_unknown_interval_is_a_usage_error_naming_the_values() {
        CliRun run = billing("metrics", "mrr", "--interval", "hour");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("day").contains("week").contains("month");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void the_servers_refusal_is_shown_with_its_field() {
        server.answer("GET", "/v1/metrics/mrr", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"currency is required: the ledger bills in eur, usd",
                 "details":[{"field":"currency","message":"currency is required: the ledger bills in eur, usd",
                 "code":"currency_required"}],"requestId":"req_1"}}""");

        CliRun run = billing("metrics", "mrr");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("VALIDATION_ERROR").contains("currency: currency is required");
    }
}
