package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.metrics.MetricsInterval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing metrics …}: MRR and its movements, churn and cohorts (docs/metrics.md), as a table,
 * as the server's JSON, or drawn ({@code --format chart}: bars and a sparkline for MRR, a shaded grid
 * for cohorts).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Revenue metrics for any past window: MRR, churn and cohorts. --format chart draws them.")
final class MetricsCommand implements Callable<Integer> {

    static final int BAR_WIDTH = 40;

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "mrr", mixinStandardHelpOptions = true,
            description = "MRR of one currency at each point of the window, and its movements (new, expansion, "
                    + "contraction, churn, reactivation), which add up to the last point minus the first.")
    int mrr(@Option(names = "--from", paramLabel = "INSTANT",
                    description = "Start of the window, ISO-8601 (default: 30 days before --to).") Instant from,
            @Option(names = "--to", paramLabel = "INSTANT", description = "End of the window (default: now).")
            Instant to,
            @Option(names = "--interval", paramLabel = "INTERVAL",
                    description = "day (default), week or month.") MetricsInterval interval,
            @Option(names = "--currency", paramLabel = "CODE",
                    description = "ISO-4217 code (default: the ledger's only currency).") String currency) {
        Map<String, Object> query = window(from, to, currency);
        query.put("interval", interval == null ? null : interval.wire());
        JsonNode mrr = root.client().get("/v1/metrics/mrr", query).data();
        Output output = root.output();
        if (output.json()) {
            output.printJson(mrr);
            return 0;
        }
        String code = mrr.path("currency").asText(null);
        PrintWriter out = output.out();
        List<Long> values = new ArrayList<>();
        mrr.path("series").forEach(point -> values.add(point.path("mrrCents").asLong()));
        if (output.chart()) {
            long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
            out.printf("MRR %s  %s%n%n", code == null ? "" : code.toUpperCase(Locale.ROOT),
                    Charts.sparkline(values));
            for (JsonNode point : mrr.path("series")) {
                long cents = point.path("mrrCents").asLong();
                out.printf("%-24s %-" + BAR_WIDTH + "s %s%n", point.path("at").asText(),
                        Charts.bar(cents, max, BAR_WIDTH), AmountFormat.format(cents, code));
            }
            out.println();
        } else {
            TablePrinter table = new TablePrinter("At", "MRR");
            mrr.path("series").forEach(point -> table.row(point.path("at").asText(),
                    AmountFormat.withMinorUnits(point.path("mrrCents").asLong(), code)));
            table.print(out);
            out.println();
        }
        JsonNode movements = mrr.path("movements");
        Map<String, Object> lines = new LinkedHashMap<>();
        for (String[] movement : new String[][]{{"New", "newCents"}, {"Expansion", "expansionCents"},
                {"Contraction", "contractionCents"}, {"Churn", "churnCents"}, {"Reactivation", "reactivationCents"}}) {
            lines.put(movement[0], AmountFormat.withMinorUnits(movements.path(movement[1]).asLong(), code));
        }
        long net = values.isEmpty() ? 0 : values.get(values.size() - 1) - values.get(0);
        lines.put("Net change", AmountFormat.withMinorUnits(net, code));
        TablePrinter.printFields(out, lines);
        return 0;
    }

    @Command(name = "churn", mixinStandardHelpOptions = true,
            description = "Customers and MRR of one currency lost over the window, against its start; dunning "
                    + "cancellations counted apart (involuntary).")
    int churn(@Option(names = "--from", paramLabel = "INSTANT",
                      description = "Start of the window, ISO-8601 (default: 30 days before --to).") Instant from,
              @Option(names = "--to", paramLabel = "INSTANT", description = "End of the window (default: now).")
              Instant to,
              @Option(names = "--currency", paramLabel = "CODE",
                      description = "ISO-4217 code (default: the ledger's only currency).") String currency) {
        JsonNode churn = root.client().get("/v1/metrics/churn", window(from, to, currency)).data();
        Output output = root.output();
        if (output.json()) {
            output.printJson(churn);
            return 0;
        }
        String code = churn.path("currency").asText(null);
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("Currency", code);
        lines.put("Customers at start", churn.path("startCustomers").asLong());
        lines.put("Churned customers", churn.path("churnedCustomers").asLong());
        lines.put("  of them involuntary", churn.path("involuntaryCustomers").asLong());
        lines.put("Customer churn rate", rate(churn.path("customerChurnRate")).toPlainString());
        lines.put("MRR at start", AmountFormat.withMinorUnits(churn.path("startMrrCents").asLong(), code));
        lines.put("Churned MRR", AmountFormat.withMinorUnits(churn.path("churnedMrrCents").asLong(), code));
        lines.put("Revenue churn rate", rate(churn.path("revenueChurnRate")).toPlainString());
        TablePrinter.printFields(output.out(), lines);
        if (output.chart()) {
            PrintWriter out = output.out();
            out.println();
            out.printf("%-9s %-" + BAR_WIDTH + "s %s%n", "customers", Charts.bar(churn.path("churnedCustomers").asLong(),
                    churn.path("startCustomers").asLong(), BAR_WIDTH), ratePercent(churn.path("customerChurnRate")));
            out.printf("%-9s %-" + BAR_WIDTH + "s %s%n", "revenue", Charts.bar(churn.path("churnedMrrCents").asLong(),
                    churn.path("startMrrCents").asLong(), BAR_WIDTH), ratePercent(churn.path("revenueChurnRate")));
            out.flush();
        }
        return 0;
    }

    @Command(name = "cohorts", mixinStandardHelpOptions = true,
            description = "Customers of one currency by the month of their first paid period: for each later month, "
                    + "how many still pay and their MRR. --format chart draws the retention grid.")
    int cohorts(@Option(names = "--from", paramLabel = "INSTANT",
                        description = "Start of the window, ISO-8601 (default: 365 days before --to).") Instant from,
                @Option(names = "--to", paramLabel = "INSTANT", description = "End of the window (default: now).")
                Instant to,
                @Option(names = "--currency", paramLabel = "CODE",
                        description = "ISO-4217 code (default: the ledger's only currency).") String currency) {
        JsonNode answer = root.client().get("/v1/metrics/cohorts", window(from, to, currency)).data();
        Output output = root.output();
        if (output.json()) {
            output.printJson(answer);
            return 0;
        }
        String code = answer.path("currency").asText(null);
        PrintWriter out = output.out();
        if (output.chart()) {
            grid(out, answer.path("cohorts"));
            return 0;
        }
        TablePrinter table = new TablePrinter("Cohort", "Size", "Month", "Paying", "Share", "MRR");
        for (JsonNode cohort : answer.path("cohorts")) {
            long size = cohort.path("customers").asLong();
            for (JsonNode month : cohort.path("retention")) {
                long paying = month.path("customers").asLong();
                table.row(cohort.path("month").asText(), size, month.path("month").asText(), paying,
                        Charts.percent(paying, size) + "%",
                        AmountFormat.withMinorUnits(month.path("mrrCents").asLong(), code));
            }
        }
        table.print(out);
        return 0;
    }

    /** The retention grid: one row per cohort, one column per month since it began, each cell shaded by its share. */
    private static void grid(PrintWriter out, JsonNode cohorts) {
        int months = 0;
        for (JsonNode cohort : cohorts) {
            months = Math.max(months, cohort.path("retention").size());
        }
        StringBuilder heading = new StringBuilder(String.format("%-8s %5s ", "Cohort", "Size"));
        for (int m = 0; m < months; m++) {
            heading.append(String.format(" %-6s", "M" + m));
        }
        out.println(heading.toString().stripTrailing());
        for (JsonNode cohort : cohorts) {
            long size = cohort.path("customers").asLong();
            StringBuilder row = new StringBuilder(String.format("%-8s %5d ", cohort.path("month").asText(), size));
            for (JsonNode month : cohort.path("retention")) {
                int percent = Charts.percent(month.path("customers").asLong(), size);
                row.append(' ').append(Charts.shade(percent)).append(String.format("%4d%%", percent));
            }
            out.println(row.toString().stripTrailing());
        }
        out.println();
        out.println("Share of the cohort still paying at each month's end: ░ <34%  ▒ <67%  ▓ <100%  █ 100%");
        out.flush();
    }

    /** A rate as the server rounded it, four decimals (read from its text: a JSON number may arrive as a double). */
    private static BigDecimal rate(JsonNode rate) {
        return new BigDecimal(rate.asText("0")).setScale(4, RoundingMode.HALF_EVEN);
    }

    private static String ratePercent(JsonNode rate) {
        return rate(rate).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static Map<String, Object> window(Instant from, Instant to, String currency) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("from", from == null ? null : from.toString());
        query.put("to", to == null ? null : to.toString());
        query.put("currency", currency);
        return query;
    }
}
