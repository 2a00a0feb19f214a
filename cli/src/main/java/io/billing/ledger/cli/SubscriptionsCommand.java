package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing subscriptions …}: the lifecycle of a subscription (create, cancel, reactivate,
 * change plan, pause, resume) and its time travel. Rendered from the JSON tree, as plans are.
 */
@Command(name = "subscriptions", aliases = "subscription", mixinStandardHelpOptions = true,
        description = "Subscribe customers to plans and manage the subscriptions' lifecycle.")
final class SubscriptionsCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subscriptions, newest first.")
    int list(@Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only this customer's.")
             String customerId,
             @Option(names = "--plan", paramLabel = "PLAN_ID", description = "Only those on this plan.") String planId,
             @Option(names = "--status", paramLabel = "STATUS",
                     description = "Only trialing, active, past_due, paused or canceled subscriptions.")
             SubscriptionStatus status,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("customerId", customerId);
        query.put("planId", planId);
        query.put("status", status == null ? null : status.wire());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/subscriptions", query), List.of(
                Column.text("ID", "id"), Column.text("CUSTOMER", "customerId"), Column.text("PLAN", "planId"),
                Column.text("STATUS", "status"), Column.text("QUANTITY", "quantity"),
                Column.text("UNIT_CENTS", "unitAmountCents"), Column.amount("UNIT_AMOUNT", "unitAmountCents"),
                Column.text("INTERVAL", "billingInterval"), Column.text("PERIOD_END", "currentPeriodEnd"),
                Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one subscription, now or as it was at a past instant.")
    int get(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("asOf", asOf == null ? null : asOf.toString());
        printSubscription(root.client().get(path(subscriptionId), query).data());
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Subscribe a customer to a plan (a trial first when the plan has one).")
    int create(@Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "cust_…")
               String customerId,
               @Option(names = "--plan", required = true, paramLabel = "PLAN_ID", description = "plan_…") String planId,
               @Option(names = "--quantity", paramLabel = "N",
                       description = "Seats or units, 1-1000000 (server default: 1).") Long quantity,
               @Option(names = "--billing-anchor-day", paramLabel = "DAY",
                       description = "Day of the month periods start on, 1-28 (server default: today's).")
               Integer billingAnchorDay,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> metadata) {
        RequestBody body = new RequestBody()
                .with("customerId", customerId)
                .with("planId", planId)
                .withOptional("billingAnchorDay", billingAnchorDay)
                .withOptional("quantity", quantity)
                .withOptional("metadata", metadata);
        printSubscription(root.client().post("/v1/subscriptions", body).data());
        return 0;
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel now (default) or at the end of the current period.")
    int cancel(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId,
               @Option(names = "--at-period-end", description = "Schedule the cancellation for the period end.")
               boolean atPeriodEnd,
               @Option(names = "--prorate",
                       description = "On an immediate cancel, credit the unused time of a flat fee.")
               boolean prorate) {
        if (atPeriodEnd && prorate) {
            // The server would silently ignore prorate: nothing is unused when the period runs to its end.
            throw new ParameterException(spec.commandLine().getSubcommands().get("cancel"),
                    "--prorate applies only to an immediate cancel, not with --at-period-end");
        }
        RequestBody body = new RequestBody()
                .with("atPeriodEnd", atPeriodEnd)
                .with("prorate", prorate);
        printSubscription(root.client().post(path(subscriptionId) + "/cancel", body).data());
        return 0;
    }

    @Command(name = "reactivate", mixinStandardHelpOptions = true,
            description = "Undo a cancellation while the paid period has not ended.")
    int reactivate(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId) {
        printSubscription(root.client().post(path(subscriptionId) + "/reactivate", null).data());
        return 0;
    }

    @Command(name = "change-plan", mixinStandardHelpOptions = true,
            description = "Move to another plan and/or quantity, with proration to the second.")
    int changePlan(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId,
                   @Option(names = "--plan", required = true, paramLabel = "PLAN_ID",
                           description = "The new plan; the current one to change only the quantity.")
                   String planId,
                   @Option(names = "--quantity", paramLabel = "N", description = "New quantity, 1-1000000.")
                   Long quantity,
                   @Option(names = "--proration-behavior", paramLabel = "BEHAVIOR",
                           description = "create_prorations (lines wait for the next invoice), always_invoice "
                                   + "(invoice them now) or none (server default: create_prorations).")
                   ProrationBehavior prorationBehavior) {
        RequestBody body = new RequestBody()
                .with("planId", planId)
                .withOptional("quantity", quantity)
                .withOptional("prorationBehavior", prorationBehavior == null ? null : prorationBehavior.wire());
        printSubscription(root.client().post(path(subscriptionId) + "/change-plan", body).data());
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause billing: no renewal happens while paused.")
    int pause(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId) {
        printSubscription(root.client().post(path(subscriptionId) + "/pause", null).data());
        return 0;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused subscription.")
    int resume(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId) {
        printSubscription(root.client().post(path(subscriptionId) + "/resume", null).data());
        return 0;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every recorded change of a subscription, oldest first, with actor and request id.")
    int history(@Parameters(paramLabel = "SUBSCRIPTION_ID") String subscriptionId) {
        HistoryTable.print(root, root.client().get(path(subscriptionId) + "/history").data());
        return 0;
    }

    private static String path(String subscriptionId) {
        return "/v1/subscriptions/" + ApiClient.segment(subscriptionId);
    }

    private void printSubscription(JsonNode subscription) {
        Output output = root.output();
        output.object(subscription, List.of(
                Column.text("ID", "id"), Column.text("Customer", "customerId"), Column.text("Plan", "planId"),
                Column.text("Status", "status"), Column.text("Pricing model", "pricingModel"),
                Column.amountWithMinorUnits("Unit amount", "unitAmountCents"), Column.text("Quantity", "quantity"),
                Column.text("Interval", "billingInterval"), Column.text("Billing anchor day", "billingAnchorDay"),
                new Column("Current period", s -> PeriodText.of(s, "currentPeriodStart", "currentPeriodEnd")),
                new Column("Trial", s -> PeriodText.of(s, "trialStart", "trialEnd")),
                Column.text("Cancel at period end", "cancelAtPeriodEnd"), Column.text("Canceled at", "canceledAt"),
                Column.text("Cancellation reason", "cancellationReason"), Column.text("Paused at", "pausedAt"),
                Column.text("Next renewal at", "nextRenewalAt"), Column.text("Test clock", "testClockId"),
                new Column("Pending lines", s -> s.path("pendingProrationLines").size()),
                Column.json("Metadata", "metadata"), Column.text("Created at", "createdAt"),
                Column.text("Updated at", "updatedAt"), Column.text("Version", "version")));
        if (output.json()) {
            return;
        }
        String currency = subscription.path("currency").asText(null);
        JsonNode pending = subscription.path("pendingProrationLines");
        if (pending.size() > 0) {
            // Proration lines waiting for the next invoice: what the customer will see on it.
            TablePrinter lines = new TablePrinter("TYPE", "DESCRIPTION", "QUANTITY", "CENTS", "AMOUNT", "PERIOD_START",
                    "PERIOD_END");
            for (JsonNode line : pending) { // the invoice line shape
                long cents = line.path("amountCents").asLong();
                lines.row(line.path("type").asText(null), line.path("description").asText(null),
                        line.path("quantity").asText(null), cents, AmountFormat.format(cents, currency),
                        line.path("periodStart").asText(null), line.path("periodEnd").asText(null));
            }
            root.out().println();
            lines.print(root.out());
        }
    }
}
