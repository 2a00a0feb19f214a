package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code billing usage …}: metered usage of per-unit subscriptions, one record at a time, and its summary. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Record usage of per-unit subscriptions, list and void records, and show a period's usage.")
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
                       description = "When the usage happened, ISO-8601 (default: now by the subscription's "
                               + "clock: a test clock's frozen time, else the wall clock).") Instant timestamp,
               @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> properties) {
        RequestBody body = new RequestBody()
                .with("subscriptionId", subscriptionId)
                .with("idempotencyKey", key != null ? key : UUID.randomUUID().toString())
                .with("quantity", quantity)
                .with("timestamp", (timestamp != null ? timestamp : nowFor(subscriptionId)).toString())
                .withOptional("properties", properties);
        ApiClient.Response response = root.client().post("/v1/usage", body);
        Output output = root.output();
        output.object(response.data(), List.of(
                Column.text("ID", "id"), Column.text("Subscription", "subscriptionId"),
                Column.text("Key", "idempotencyKey"), Column.text("Quantity", "quantity"),
                Column.text("Timestamp", "timestamp"), Column.json("Properties", "properties"),
                new Column("Period", usage -> PeriodText.of(usage, "periodStart", "periodEnd")),
                Column.text("Created at", "createdAt")));
        if (response.status() == REPLAYED) {
            output.notice("This key was recorded before: nothing was added, the original record is shown.");
        }
        return 0;
    }

    /**
     * "Now" for a subscription: usage on a test clock happens at the clock's frozen time (the wall
     * clock would be in the clock's future and be refused), otherwise at the operator's now.
     */
    private Instant nowFor(String subscriptionId) {
        ApiClient client = root.client();
        String clockId = client.get("/v1/subscriptions/" + ApiClient.segment(subscriptionId)).data()
                .path("testClockId").asText(null);
        if (clockId == null) {
            return Instant.now();
        }
        return Instant.parse(client.get("/v1/test-clocks/" + ApiClient.segment(clockId)).data()
                .path("frozenTime").asText());
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
        root.output().object(summary, List.of(
                Column.text("Subscription", "subscriptionId"),
                new Column("Period", s -> PeriodText.of(s, "periodStart", "periodEnd")), Column.text("Open", "open"),
                Column.text("Total quantity", "totalQuantity"), Column.text("Records", "eventCount"),
                Column.amountWithMinorUnits("Unit amount", "unitAmountCents"),
                Column.amountWithMinorUnits("Amount", "amountCents")));
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a subscription's usage records, newest first; voided ones show status voided.")
    int list(@Option(names = "--subscription", required = true, paramLabel = "SUBSCRIPTION_ID",
                     description = "The subscription (sub_…).") String subscriptionId,
             @Option(names = "--period-start", paramLabel = "INSTANT",
                     description = "Only the period starting at this ISO-8601 instant.") Instant periodStart,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("subscriptionId", subscriptionId);
        query.put("periodStart", periodStart == null ? null : periodStart.toString());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/usage", query), List.of(
                Column.text("ID", "id"), Column.text("QUANTITY", "quantity"), Column.text("STATUS", "status"),
                Column.text("TIMESTAMP", "timestamp"),
                new Column("PERIOD", usage -> PeriodText.of(usage, "periodStart", "periodEnd")),
                Column.text("KEY", "idempotencyKey"), Column.text("VOIDED_AT", "voidedAt")));
        return 0;
    }

    @Command(name = "void", mixinStandardHelpOptions = true,
            description = "Void a usage record recorded by mistake, before its period is invoiced: it stays listed "
                    + "and no longer counts. After the invoice is finalized, issue a credit note instead.")
    int voidRecord(@Parameters(paramLabel = "USAGE_ID", description = "The record's id (evt_…).") String usageId,
                   @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
                   String reason) {
        RequestBody body = new RequestBody().withOptional("reason", reason);
        JsonNode voided = root.client().post("/v1/usage/" + ApiClient.segment(usageId) + "/void",
                body.isEmpty() ? null : body).data();
        root.output().object(voided, List.of(
                Column.text("ID", "id"), Column.text("Subscription", "subscriptionId"),
                Column.text("Quantity", "quantity"), Column.text("Status", "status"),
                new Column("Period", usage -> PeriodText.of(usage, "periodStart", "periodEnd")),
                Column.text("Voided at", "voidedAt")));
        return 0;
    }
}
