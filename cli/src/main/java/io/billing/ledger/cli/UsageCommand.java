package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code billing usage …}: metered usage of per-unit subscriptions, one record at a time, and its summary. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Record usage of per-unit subscriptions and show a period's usage.")
final class UsageCommand implements Callable<Integer> {

    /** POST /v1/usage answers 200 instead of 201 when the idempotency key was seen before. */
    private static final int REPLAYED = 200;

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record one usage record. The key identifies the usage: a key seen before records nothing "
                    + "and shows the original record.")
    int record(@Option(names = "--subscription", required = true, paramLabel = "SUBSCRIPTION_ID",
                       description = "A subscription on a per_unit plan (sub_…).") String subscriptionId,
               @Option(names = "--quantity", required = true, paramLabel = "N",
                       description = "Units used, at least 1.") long quantity,
               @Option(names = "--key", paramLabel = "KEY",
                       description = "Idempotency key of the usage, up to 255 characters (default: a fresh UUID). "
                               + "Pass your own to make a retry safe.") String key,
               @Option(names = "--timestamp", paramLabel = "INSTANT",
                       description = "When the usage happened, ISO-8601 (default: now).") Instant timestamp,
               @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> properties) {
        RequestBody body = new RequestBody()
                .with("subscriptionId", subscriptionId)
                .with("idempotencyKey", key != null ? key : UUID.randomUUID().toString())
                .with("quantity", quantity)
                .with("timestamp", (timestamp != null ? timestamp : Instant.now()).toString())
                .withOptional("properties", properties);
        ApiClient.Response response = root.client().post("/v1/usage", body);
        JsonNode usage = response.data();
        if (root.json()) {
            root.printJson(usage);
        } else {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ID", usage.path("id").asText(null));
            fields.put("Subscription", usage.path("subscriptionId").asText(null));
            fields.put("Key", usage.path("idempotencyKey").asText(null));
            fields.put("Quantity", usage.path("quantity").asText(null));
            fields.put("Timestamp", usage.path("timestamp").asText(null));
            fields.put("Properties", root.compactJson(usage.get("properties")));
            fields.put("Period", PeriodText.of(usage, "periodStart", "periodEnd"));
            fields.put("Created at", usage.path("createdAt").asText(null));
            TablePrinter.printFields(root.out(), fields);
        }
        if (response.status() == REPLAYED) {
            // On stderr, like the api-keys notice: stdout stays the record, whichever answer it was.
            root.err().println("This key was recorded before: nothing was added, the original record is shown.");
            root.err().flush();
        }
        return 0;
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "A subscription's usage in one billing period: total, record count and amount.")
    int summary(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId,
                @Option(names = "--period-start", paramLabel = "INSTANT",
                        description = "Start of the period, ISO-8601 (default: the current period).")
                Instant periodStart) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("periodStart", periodStart == null ? null : periodStart.toString());
        JsonNode summary = root.client().get("/v1/usage/subscriptions/" + ApiClient.segment(subscriptionId)
                + "/summary", query).data();
        if (root.json()) {
            root.printJson(summary);
            return 0;
        }
        String currency = summary.path("currency").asText(null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Subscription", summary.path("subscriptionId").asText(null));
        fields.put("Period", PeriodText.of(summary, "periodStart", "periodEnd"));
        fields.put("Open", summary.path("open").asText(null));
        fields.put("Total quantity", summary.path("totalQuantity").asText(null));
        fields.put("Records", summary.path("eventCount").asText(null));
        fields.put("Unit amount", AmountFormat.withMinorUnits(summary.path("unitAmountCents").asLong(), currency));
        fields.put("Amount", AmountFormat.withMinorUnits(summary.path("amountCents").asLong(), currency));
        TablePrinter.printFields(root.out(), fields);
        return 0;
    }
}
