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

/**
 * {@code billing payments …}: the attempts to collect invoices (charges through Stripe or the
 * simulated processor), their failures as Stripe reported them, and refunds. A refund moves money
 * back to the customer, so it is the one command that asks before it acts.
 */
@Command(name = "payments", aliases = "payment", mixinStandardHelpOptions = true,
        description = "Inspect payments and refund them.")
final class PaymentsCommand implements Callable<Integer> {

    /**
     * A payment's status as the REST API names it. Kept here rather than in shared-events because
     * the CLI only filters on it; the server's own type is its business.
     */
    enum Status {
        PENDING("pending"), SUCCEEDED("succeeded"), FAILED("failed"), REFUNDED("refunded"), DISPUTED("disputed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }

        static Status fromWire(String value) {
            for (Status status : values()) {
                if (status.wire.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown payment status '" + value + "'");
        }
    }

    /** Why a refund is made: the three reasons Stripe accepts, as the REST API takes them. */
    enum RefundReason {
        REQUESTED_BY_CUSTOMER("requested_by_customer"), DUPLICATE("duplicate"), FRAUDULENT("fraudulent");

        private final String wire;

        RefundReason(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }

        static RefundReason fromWire(String value) {
            for (RefundReason reason : values()) {
                if (reason.wire.equals(value)) {
                    return reason;
                }
            }
            throw new IllegalArgumentException("unknown refund reason '" + value + "'");
        }
    }

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List payments, newest first.")
    int list(@Option(names = "--invoice", paramLabel = "INVOICE_ID", description = "Only this invoice's.")
             String invoiceId,
             @Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only this customer's.")
             String customerId,
             @Option(names = "--status", paramLabel = "STATUS",
                     description = "Only pending, succeeded, failed, refunded or disputed payments.")
             Status status,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("invoiceId", invoiceId);
        query.put("customerId", customerId);
        query.put("status", status == null ? null : status.wire());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/payments", query), List.of(
                Column.text("ID", "id"), Column.text("INVOICE", "invoiceId"), Column.text("CUSTOMER", "customerId"),
                Column.text("STATUS", "status"), Column.text("CENTS", "amountCents"),
                Column.amount("AMOUNT", "amountCents"), Column.amount("REFUNDED", "amountRefundedCents"),
                Column.text("ATTEMPTS", "attemptCount"), new Column("FAILURE", PaymentsCommand::failureOf),
                Column.text("KIND", "failureKind"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "show", aliases = "get", mixinStandardHelpOptions = true,
            description = "Show one payment: amounts, attempts, and Stripe's failure codes or the customer's next "
                    + "action; now or as it was at a past instant.")
    int show(@Parameters(paramLabel = "PAYMENT_ID") String paymentId,
             @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("asOf", asOf == null ? null : asOf.toString());
        printPayment(root.client().get(path(paymentId), query).data());
        return 0;
    }

    @Command(name = "refund", mixinStandardHelpOptions = true,
            description = "Refund a payment, in full (default) or in part. Asks for confirmation unless --yes.")
    int refund(@Parameters(paramLabel = "PAYMENT_ID") String paymentId,
               @Option(names = "--amount-cents", paramLabel = "CENTS",
                       description = "Refund only this much, in minor units (default: all that is left).")
               Long amountCents,
               @Option(names = "--reason", paramLabel = "REASON",
                       description = "requested_by_customer, duplicate or fraudulent.") RefundReason reason,
               @Option(names = {"-y", "--yes"},
                       description = "Refund without asking; required when there is no terminal to ask on.")
               boolean yes) {
        if (!yes && !confirmed(paymentId, amountCents)) {
            root.output().failure("NOT_CONFIRMED", "Refund not confirmed: nothing was refunded.");
            return BillingCli.EXIT_API_ERROR;
        }
        RequestBody body = new RequestBody()
                .withOptional("amountCents", amountCents)
                .withOptional("reason", reason == null ? null : reason.wire());
        printPayment(root.client().post(path(paymentId) + "/refunds", body).data());
        return 0;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every recorded change of a payment, oldest first, with actor and request id.")
    int history(@Parameters(paramLabel = "PAYMENT_ID") String paymentId) {
        HistoryTable.print(root, root.client().get(path(paymentId) + "/history").data());
        return 0;
    }

    /**
     * Asks at the terminal, naming the amount that would go back, so the operator confirms what the
     * server holds rather than what they remember. Without a terminal (CI, cron, a pipe) nobody can
     * answer: refuse before sending anything instead of waiting on an input that may never come.
     */
    private boolean confirmed(String paymentId, Long amountCents) {
        Prompt prompt = root.prompt();
        if (!prompt.available()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("refund"),
                    "A refund must be confirmed and there is no terminal to ask on (stdin and stdout are not "
                            + "both a terminal): pass --yes to refund without asking");
        }
        JsonNode payment = root.client().get(path(paymentId)).data();
        String currency = payment.path("currency").asText(null);
        long left = payment.path("amountCents").asLong() - payment.path("amountRefundedCents").asLong();
        String amount = amountCents != null
                ? AmountFormat.format(amountCents, currency) + " of the " + AmountFormat.format(left, currency)
                        + " left"
                : "all " + AmountFormat.format(left, currency) + " left";
        String question = "Refund " + amount + " on payment " + payment.path("id").asText(paymentId)
                + " (invoice " + payment.path("invoiceId").asText("-") + ", customer "
                + payment.path("customerId").asText("-") + ")? [y/N] ";
        return Prompt.isYes(prompt.readLine(question));
    }

    private static String path(String paymentId) {
        return "/v1/payments/" + ApiClient.segment(paymentId);
    }

    /** Stripe's code and, for a card decline, the issuer's reason: "card_declined/insufficient_funds". */
    private static String failureOf(JsonNode payment) {
        String code = payment.path("failureCode").asText(null);
        String decline = payment.path("declineCode").asText(null);
        if (code == null || decline == null) {
            return code != null ? code : decline;
        }
        return code + "/" + decline;
    }

    /** A link the customer must follow (SCA); shown as it came should the server ever send an object. */
    private static String nextActionOf(JsonNode payment) {
        JsonNode next = payment.path("nextAction");
        return next.isValueNode() ? next.asText(null) : next.isMissingNode() ? null : next.toString();
    }

    private void printPayment(JsonNode payment) {
        root.output().object(payment, List.of(
                Column.text("ID", "id"), Column.text("Invoice", "invoiceId"), Column.text("Customer", "customerId"),
                Column.text("Status", "status"), Column.amountWithMinorUnits("Amount", "amountCents"),
                Column.amountWithMinorUnits("Amount refunded", "amountRefundedCents"),
                Column.text("Attempts", "attemptCount"), Column.text("Failure code", "failureCode"),
                Column.text("Decline code", "declineCode"), Column.text("Failure kind", "failureKind"),
                Column.text("Failure message", "failureMessage"), new Column("Next action", PaymentsCommand::nextActionOf),
                Column.text("Payment intent", "stripePaymentIntentId"), Column.text("Created at", "createdAt"),
                Column.text("Updated at", "updatedAt")));
    }
}
