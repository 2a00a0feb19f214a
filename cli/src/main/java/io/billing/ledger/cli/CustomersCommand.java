package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code billing customers …}; rendered from the JSON tree for the same forward-compatibility reason as plans. */
@Command(name = "customers", mixinStandardHelpOptions = true, description = "Create, inspect and change customers.")
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
        ApiClient.Response response = root.client().get("/v1/customers", query);
        if (root.json()) {
            root.printJson(response.data());
            return 0;
        }
        TablePrinter table = new TablePrinter("ID", "EMAIL", "NAME", "STRIPE_CUSTOMER", "CREATED_AT");
        for (JsonNode customer : response.data()) {
            table.row(customer.path("id").asText(null), customer.path("email").asText(null),
                    customer.path("name").asText(null), customer.path("stripeCustomerId").asText(null),
                    customer.path("createdAt").asText(null));
        }
        table.print(root.out());
        root.printPageFooter(response.meta());
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one customer.")
    int get(@Parameters(paramLabel = "CUSTOMER_ID") String customerId) {
        printCustomer(root.client().get(path(customerId)).data());
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
        if (root.json()) {
            root.printJson(customer);
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ID", customer.path("id").asText(null));
        fields.put("Email", customer.path("email").asText(null));
        fields.put("Name", customer.path("name").asText(null));
        fields.put("Stripe customer", customer.path("stripeCustomerId").asText(null));
        fields.put("Test clock", customer.path("testClockId").asText(null));
        fields.put("Metadata", root.compactJson(customer.get("metadata")));
        fields.put("Created at", customer.path("createdAt").asText(null));
        fields.put("Updated at", customer.path("updatedAt").asText(null));
        fields.put("Version", customer.path("version").asText(null));
        TablePrinter.printFields(root.out(), fields);
    }
}
