package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code billing customers …}; rendered from the JSON tree for the same forward-compatibility reason as plans. */
@Command(name = "customers", aliases = "customer", mixinStandardHelpOptions = true,
        description = "Create, inspect and change customers, and attach their payment methods.",
        subcommands = CustomerPaymentMethodsCommand.class)
final class CustomersCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List customers, newest first.")
    int list(@Option(names = "--email", description = "Only the customer with exactly this email.") String email,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("email", email);
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/customers", query), List.of(
                Column.text("ID", "id"), Column.text("EMAIL", "email"), Column.text("NAME", "name"),
                Column.text("STRIPE_CUSTOMER", "stripeCustomerId"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one customer, now or as it was at a past instant.")
    int get(@Parameters(paramLabel = "CUSTOMER_ID") String customerId,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("asOf", asOf == null ? null : asOf.toString());
        printCustomer(root.client().get(path(customerId), query).data());
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a customer.")
    int create(@Option(names = "--email", required = true, description = "Billing email address.") String email,
               @Option(names = "--name", required = true, description = "Customer or company name.") String name,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> metadata) {
        RequestBody body = new RequestBody()
                .with("email", email)
                .with("name", name)
                .withOptional("metadata", metadata);
        printCustomer(root.client().post("/v1/customers", body).data());
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a customer's email, name or metadata.")
    int update(@Parameters(paramLabel = "CUSTOMER_ID") String customerId,
               @Option(names = "--email", description = "New billing email address.") String email,
               @Option(names = "--name", description = "New name.") String name,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE",
                       description = "Repeatable; sent as the customer's metadata.") Map<String, String> metadata) {
        RequestBody body = new RequestBody()
                .withOptional("email", email)
                .withOptional("name", name)
                .withOptional("metadata", metadata);
        if (body.isEmpty()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("update"),
                    "Nothing to update: give at least one of --email, --name, --metadata");
        }
        printCustomer(root.client().patch(path(customerId), body).data());
        return 0;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every recorded change of a customer, oldest first, with actor and request id.")
    int history(@Parameters(paramLabel = "CUSTOMER_ID") String customerId) {
        HistoryTable.print(root, root.client().get(path(customerId) + "/history").data());
        return 0;
    }

    private static String path(String customerId) {
        return "/v1/customers/" + ApiClient.segment(customerId);
    }

    private void printCustomer(JsonNode customer) {
        root.output().object(customer, List.of(
                Column.text("ID", "id"), Column.text("Email", "email"), Column.text("Name", "name"),
                Column.text("Stripe customer", "stripeCustomerId"), Column.text("Test clock", "testClockId"),
                Column.json("Metadata", "metadata"), Column.text("Created at", "createdAt"),
                Column.text("Updated at", "updatedAt"), Column.text("Version", "version")));
    }
}
