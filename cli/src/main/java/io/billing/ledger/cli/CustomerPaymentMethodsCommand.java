package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code billing customers payment-methods …}: the cards a customer's invoices are charged to.
 * Only what the server keeps is shown (brand, last four digits, expiry), never card data.
 */
@Command(name = "payment-methods", aliases = "payment-method", mixinStandardHelpOptions = true,
        description = "Attach payment methods to a customer and list them.")
final class CustomerPaymentMethodsCommand implements Callable<Integer> {

    @ParentCommand
    CustomersCommand customers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Attach a payment method (pm_… from Stripe, e.g. pm_card_visa in test mode); it becomes "
                    + "the default unless --no-default.")
    int add(@Parameters(paramLabel = "CUSTOMER_ID") String customerId,
            @Option(names = "--payment-method", required = true, paramLabel = "PAYMENT_METHOD_ID",
                    description = "pm_…") String paymentMethodId,
            @Option(names = "--no-default",
                    description = "Attach it without making it the default payment method.") boolean notDefault) {
        RequestBody body = new RequestBody()
                .with("paymentMethodId", paymentMethodId)
                .with("default", !notDefault);
        BillingCli root = customers.root;
        root.output().object(root.client().post(path(customerId), body).data(), List.of(
                Column.text("ID", "id"), Column.text("Brand", "brand"), Column.text("Last 4", "last4"),
                new Column("Expires", CustomerPaymentMethodsCommand::expiryOf), Column.text("Default", "default")));
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a customer's payment methods.")
    int list(@Parameters(paramLabel = "CUSTOMER_ID") String customerId) {
        BillingCli root = customers.root;
        root.output().list(root.client().get(path(customerId)), List.of(
                Column.text("ID", "id"), Column.text("BRAND", "brand"), Column.text("LAST4", "last4"),
                new Column("EXPIRES", CustomerPaymentMethodsCommand::expiryOf), Column.text("DEFAULT", "default")));
        return 0;
    }

    private static String path(String customerId) {
        return "/v1/customers/" + ApiClient.segment(customerId) + "/payment-methods";
    }

    /** "04/2030", as printed on the card. */
    private static String expiryOf(JsonNode method) {
        JsonNode month = method.path("expMonth");
        JsonNode year = method.path("expYear");
        if (!month.canConvertToInt() || !year.canConvertToInt()) {
            return null;
        }
        return "%02d/%d".formatted(month.asInt(), year.asInt());
    }
}
