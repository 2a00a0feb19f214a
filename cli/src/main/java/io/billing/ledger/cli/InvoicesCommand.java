package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.invoice.InvoiceStatus;
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
import java.util.concurrent.Callable;

/**
 * {@code billing invoices …}. A single invoice is printed as a document (header, lines, totals,
 * credit notes) rather than one long list of fields, because that is how an operator reads it.
 */
@Command(name = "invoices", aliases = "invoice", mixinStandardHelpOptions = true,
        description = "Inspect invoices, invoice pending lines, and finalize, void, regenerate, pay or credit invoices.")
final class InvoicesCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List invoices, newest first.")
    int list(@Option(names = "--subscription", paramLabel = "SUBSCRIPTION_ID",
                     description = "Only this subscription's.") String subscriptionId,
             @Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only this customer's.")
             String customerId,
             @Option(names = "--status", paramLabel = "STATUS",
                     description = "Only draft, open, paid, void or uncollectible invoices.")
             InvoiceStatus status,
             @Option(names = "--from", paramLabel = "INSTANT",
                     description = "Drafted at or after this ISO-8601 instant.") Instant from,
             @Option(names = "--to", paramLabel = "INSTANT",
                     description = "Drafted before this ISO-8601 instant.") Instant to,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("subscriptionId", subscriptionId);
        query.put("customerId", customerId);
        query.put("status", status == null ? null : status.wire());
        query.put("createdAfter", from == null ? null : from.toString());
        query.put("createdBefore", to == null ? null : to.toString());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/invoices", query), List.of(
                Column.text("ID", "id"), new Column("NUMBER", InvoicesCommand::numberOf), Column.text("STATUS", "status"),
                Column.text("CUSTOMER", "customerId"), Column.text("REASON", "billingReason"),
                Column.text("TOTAL_CENTS", "totalCents"), Column.amount("TOTAL", "totalCents"),
                Column.amount("AMOUNT_DUE", "amountDueCents"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one invoice as a document: customer, period, lines, totals and credit notes; now "
                    + "or as it was at a past instant.")
    int get(@Parameters(paramLabel = "INVOICE_ID") String invoiceId,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("asOf", asOf == null ? null : asOf.toString());
        printInvoice(root.client().get(path(invoiceId), query).data());
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Invoice a subscription's pending proration lines now (fails when none are pending).")
    int create(@Option(names = "--subscription", required = true, paramLabel = "SUBSCRIPTION_ID",
                       description = "sub_…") String subscriptionId,
               @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> metadata) {
        RequestBody body = new RequestBody().with("subscriptionId", subscriptionId).withOptional("metadata", metadata);
        printInvoice(root.client().post("/v1/invoices", body).data());
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a draft's metadata: each KEY=VALUE is set, KEY= removes the key, other keys stay.")
    int update(@Parameters(paramLabel = "INVOICE_ID") String invoiceId,
               @Option(names = "--metadata", required = true, paramLabel = "KEY=VALUE", description = "Repeatable.")
               Map<String, String> metadata) {
        printInvoice(root.client().patch(path(invoiceId), new RequestBody().with("metadata", metadata)).data());
        return 0;
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true,
            description = "Draft a new invoice for a void invoice's period and lines (customer credit applied "
                    + "afresh); the new draft names the invoice it replaces.")
    int regenerate(@Parameters(paramLabel = "INVOICE_ID", description = "The void invoice.") String invoiceId) {
        printInvoice(root.client().post(path(invoiceId) + "/regenerate", null).data());
        return 0;
    }

    @Command(name = "finalize", mixinStandardHelpOptions = true,
            description = "Finalize a draft now: it gets its number and its period takes no more usage.")
    int finalizeInvoice(@Parameters(paramLabel = "INVOICE_ID") String invoiceId) {
        printInvoice(root.client().post(path(invoiceId) + "/finalize", null).data());
        return 0;
    }

    @Command(name = "void", mixinStandardHelpOptions = true, description = "Void an open invoice.")
    int voidInvoice(@Parameters(paramLabel = "INVOICE_ID") String invoiceId) {
        printInvoice(root.client().post(path(invoiceId) + "/void", null).data());
        return 0;
    }

    @Command(name = "mark-uncollectible", mixinStandardHelpOptions = true,
            description = "Mark an open invoice uncollectible (it can still be paid later).")
    int markUncollectible(@Parameters(paramLabel = "INVOICE_ID") String invoiceId) {
        printInvoice(root.client().post(path(invoiceId) + "/mark-uncollectible", null).data());
        return 0;
    }

    @Command(name = "pay", mixinStandardHelpOptions = true,
            description = "Charge the customer's default payment method now (a new payment attempt), or with "
                    + "--out-of-band record a payment made outside the ledger (bank transfer, cheque, …).")
    int pay(@Parameters(paramLabel = "INVOICE_ID") String invoiceId,
            @Option(names = "--out-of-band",
                    description = "Record a payment received outside the ledger; nothing is charged.")
            boolean outOfBand) {
        if (outOfBand) {
            printInvoice(root.client().post(path(invoiceId) + "/pay", new RequestBody().with("paidOutOfBand", true))
                    .data());
            return 0;
        }
        // No body at all is the API's "charge now"; the outcome is a payment, which the invoice does not embed.
        JsonNode invoice = root.client().postWithoutBody(path(invoiceId) + "/pay").data();
        printInvoice(invoice);
        if (!"paid".equals(invoice.path("status").asText(null))) {
            root.output().notice("Not paid (yet): see the payment with billing payments list --invoice " + invoiceId);
        }
        return 0;
    }

    @Command(name = "credit-note", mixinStandardHelpOptions = true,
            description = "Credit a finalized invoice: lowers what an open one owes, or becomes customer credit "
                    + "on a paid one.")
    int creditNote(@Parameters(paramLabel = "INVOICE_ID") String invoiceId,
                   @Option(names = "--amount-cents", required = true, paramLabel = "CENTS",
                           description = "Amount in minor units, at most the invoice's total.") long amountCents,
                   @Option(names = "--reason", required = true, description = "Why, up to 500 characters.")
                   String reason) {
        RequestBody body = new RequestBody()
                .with("amountCents", amountCents)
                .with("reason", reason);
        printInvoice(root.client().post(path(invoiceId) + "/credit-notes", body).data());
        return 0;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every recorded change of an invoice, oldest first, with actor and request id.")
    int history(@Parameters(paramLabel = "INVOICE_ID") String invoiceId) {
        HistoryTable.print(root, root.client().get(path(invoiceId) + "/history").data());
        return 0;
    }

    private static String path(String invoiceId) {
        return "/v1/invoices/" + ApiClient.segment(invoiceId);
    }

    private void printInvoice(JsonNode invoice) {
        Output output = root.output();
        if (output.json()) {
            output.printJson(invoice);
            return;
        }
        String currency = invoice.path("currency").asText(null);
        Map<String, Object> header = new LinkedHashMap<>();
        // A draft has no number yet: it is assigned, gapless, at finalization.
        String number = numberOf(invoice);
        header.put("Invoice", number != null ? number : "(draft, not numbered yet)");
        header.put("ID", invoice.path("id").asText(null));
        header.put("Status", invoice.path("status").asText(null));
        header.put("Billing reason", invoice.path("billingReason").asText(null));
        header.put("Customer", customerOf(invoice));
        header.put("Customer ID", invoice.path("customerId").asText(null));
        header.put("Subscription", invoice.path("subscriptionId").asText(null));
        header.put("Period", PeriodText.of(invoice, "periodStart", "periodEnd"));
        header.put("Created at", invoice.path("createdAt").asText(null));
        header.put("Finalize at", invoice.path("finalizeAt").asText(null));
        header.put("Finalized at", invoice.path("finalizedAt").asText(null));
        header.put("Paid at", invoice.path("paidAt").asText(null));
        header.put("Voided at", invoice.path("voidedAt").asText(null));
        if (invoice.hasNonNull("replacesInvoiceId")) {
            header.put("Replaces", invoice.get("replacesInvoiceId").asText());
        }
        if (invoice.hasNonNull("replacedByInvoiceId")) {
            header.put("Replaced by", invoice.get("replacedByInvoiceId").asText());
        }
        if (invoice.path("metadata").size() > 0) {
            header.put("Metadata", invoice.get("metadata").toString());
        }
        TablePrinter.printFields(root.out(), header);

        root.out().println();
        TablePrinter lines = new TablePrinter("TYPE", "DESCRIPTION", "QUANTITY", "UNIT", "AMOUNT", "CENTS");
        for (JsonNode line : invoice.path("lines")) {
            JsonNode unit = line.path("unitAmountCents");
            long cents = line.path("amountCents").asLong();
            lines.row(line.path("type").asText(null), line.path("description").asText(null),
                    line.path("quantity").asText(null),
                    // Credit lines carry no unit price.
                    unit.isIntegralNumber() ? AmountFormat.format(unit.asLong(), currency) : null,
                    AmountFormat.format(cents, currency), cents);
        }
        if (lines.isEmpty()) {
            root.out().println("No lines.");
            root.out().flush();
        } else {
            lines.print(root.out());
        }

        root.out().println();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("Subtotal", AmountFormat.withMinorUnits(invoice.path("subtotalCents").asLong(), currency));
        totals.put("Tax", AmountFormat.withMinorUnits(invoice.path("taxAmountCents").asLong(), currency));
        totals.put("Total", AmountFormat.withMinorUnits(invoice.path("totalCents").asLong(), currency));
        totals.put("Amount paid", AmountFormat.withMinorUnits(invoice.path("amountPaidCents").asLong(), currency)
                + (invoice.path("paidOutOfBand").asBoolean(false) ? " out of band" : ""));
        totals.put("Amount due", AmountFormat.withMinorUnits(invoice.path("amountDueCents").asLong(), currency));
        long carried = invoice.path("creditCarriedForwardCents").asLong();
        if (carried != 0) {
            totals.put("Credit carried forward", AmountFormat.withMinorUnits(carried, currency));
        }
        TablePrinter.printFields(root.out(), totals);

        root.out().println();
        TablePrinter creditNotes = new TablePrinter("CREDIT_NOTE", "CENTS", "AMOUNT", "REASON", "ISSUED_AT");
        for (JsonNode note : invoice.path("creditNotes")) {
            long cents = note.path("amountCents").asLong();
            creditNotes.row(note.path("id").asText(null), cents, AmountFormat.format(cents, currency),
                    note.path("reason").asText(null), note.path("issuedAt").asText(null));
        }
        if (creditNotes.isEmpty()) {
            root.out().println("No credit notes.");
            root.out().flush();
        } else {
            creditNotes.print(root.out());
        }
    }

    /** The seed names it invoiceNumber; servers before that contract fix sent number. */
    private static String numberOf(JsonNode invoice) {
        return invoice.hasNonNull("invoiceNumber") ? invoice.get("invoiceNumber").asText()
                : invoice.path("number").asText(null);
    }

    /** "Ada Ltd <ada@example.com>", as on a letter; either part may be missing. */
    private static String customerOf(JsonNode invoice) {
        String name = invoice.path("customerName").asText(null);
        String email = invoice.path("customerEmail").asText(null);
        if (name == null || email == null) {
            return name != null ? name : email;
        }
        return name + " <" + email + ">";
    }
}
