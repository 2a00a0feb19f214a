package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing plans …}. Output is rendered from the JSON tree rather than {@code PlanView} so an
 * older CLI keeps working when the server adds a field or a pricing model it does not know yet.
 */
@Command(name = "plans", aliases = "plan", mixinStandardHelpOptions = true, description = "Create, inspect, change and archive plans.")
final class PlansCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List plans, newest first.")
    int list(@Option(names = "--status", paramLabel = "STATUS", description = "Only active or archived plans.")
             PlanStatus status,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", status == null ? null : status.wire());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/plans", query), List.of(
                Column.text("ID", "id"), Column.text("NAME", "name"), Column.text("STATUS", "status"),
                Column.text("MODEL", "pricingModel"), Column.text("INTERVAL", "billingInterval"),
                Column.text("CENTS", "amountCents"), Column.amount("AMOUNT", "amountCents"),
                Column.text("TRIAL_DAYS", "trialPeriodDays"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one plan, now or as it was at a past instant.")
    int get(@Parameters(paramLabel = "PLAN_ID") String planId,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("asOf", asOf == null ? null : asOf.toString());
        printPlan(root.client().get(path(planId), query).data());
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a plan. Prices are immutable: a new price is a new plan.")
    int create(@Option(names = "--name", required = true, description = "Display name, up to 100 characters.")
               String name,
               @Option(names = "--description", description = "Free text, up to 500 characters.") String description,
               @Option(names = "--pricing-model", required = true, paramLabel = "MODEL",
                       description = "flat_rate (fixed fee per period, in advance) or per_unit (metered, in arrears).")
               PricingModel pricingModel,
               @Option(names = "--amount-cents", required = true, paramLabel = "CENTS",
                       description = "Price in minor units of the currency, e.g. 2900 for 29.00.")
               long amountCents,
               @Option(names = "--currency", paramLabel = "CODE", description = "ISO-4217 code (server default: usd).")
               String currency,
               @Option(names = "--interval", required = true, paramLabel = "INTERVAL", description = "month or year.")
               BillingInterval interval,
               @Option(names = "--trial-days", paramLabel = "DAYS", description = "Free trial length, 0-730 days.")
               Integer trialDays,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> metadata) {
        RequestBody body = new RequestBody()
                .with("name", name)
                .withOptional("description", description)
                .with("pricingModel", pricingModel.wire())
                .with("amountCents", amountCents)
                // The API wants lower-case codes; operators habitually type USD.
                .withOptional("currency", currency == null ? null : currency.toLowerCase(Locale.ROOT))
                .with("billingInterval", interval.wire())
                .withOptional("trialPeriodDays", trialDays)
                .withOptional("metadata", metadata);
        printPlan(root.client().post("/v1/plans", body).data());
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a plan's name, description, trial days or metadata (the price cannot change).")
    int update(@Parameters(paramLabel = "PLAN_ID") String planId,
               @Option(names = "--name", description = "New display name.") String name,
               @Option(names = "--description", description = "Free text, up to 500 characters.") String description,
               @Option(names = "--trial-days", paramLabel = "DAYS", description = "Free trial length, 0-730 days.")
               Integer trialDays,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE",
                       description = "Repeatable; sent as the plan's metadata.") Map<String, String> metadata) {
        RequestBody body = new RequestBody()
                .withOptional("name", name)
                .withOptional("description", description)
                .withOptional("trialPeriodDays", trialDays)
                .withOptional("metadata", metadata);
        if (body.isEmpty()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("update"),
                    "Nothing to update: give at least one of --name, --description, --trial-days, --metadata");
        }
        printPlan(root.client().patch(path(planId), body).data());
        return 0;
    }

    @Command(name = "archive", mixinStandardHelpOptions = true,
            description = "Archive a plan: existing subscriptions go on, new ones are refused.")
    int archive(@Parameters(paramLabel = "PLAN_ID") String planId) {
        printPlan(root.client().post(path(planId) + "/archive", null).data());
        return 0;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every recorded change of a plan, oldest first, with actor and request id.")
    int history(@Parameters(paramLabel = "PLAN_ID") String planId) {
        HistoryTable.print(root, root.client().get(path(planId) + "/history").data());
        return 0;
    }

    private static String path(String planId) {
        return "/v1/plans/" + ApiClient.segment(planId);
    }

    private void printPlan(JsonNode plan) {
        root.output().object(plan, List.of(
                Column.text("ID", "id"), Column.text("Name", "name"), Column.text("Description", "description"),
                Column.text("Status", "status"), Column.text("Pricing model", "pricingModel"),
                Column.amountWithMinorUnits("Amount", "amountCents"), Column.text("Interval", "billingInterval"),
                Column.text("Trial days", "trialPeriodDays"), Column.json("Metadata", "metadata"),
                Column.text("Created at", "createdAt"), Column.text("Updated at", "updatedAt"),
                Column.text("Version", "version")));
    }
}
