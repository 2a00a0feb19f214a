package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InvoicesCommandTest {

    static final String INV_ID = "inv_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String SUB_ID = "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String INVOICE = """
            {"id":"%s","invoiceNumber":"INV-2026-000007","customerId":"%s","customerName":"Ada Ltd",
             "customerEmail":"ada@example.com","subscriptionId":"%s","status":"open",
             "billingReason":"subscription_update","currency":"usd",
             "periodStart":"2026-01-15T00:00:00Z","periodEnd":"2026-02-15T00:00:00Z",
             "lines":[{"type":"proration_credit","description":"Unused time on Pro","quantity":1,
                       "unitAmountCents":null,"amountCents":-1600,
                       "periodStart":"2026-01-31T00:00:00Z","periodEnd":"2026-02-15T00:00:00Z"},
                      {"type":"proration_debit","description":"Remaining time on Business","quantity":2,
                       "unitAmountCents":3200,"amountCents":3205,
                       "periodStart":"2026-01-31T00:00:00Z","periodEnd":"2026-02-15T00:00:00Z"}],
             "subtotalCents":1605,"taxAmountCents":0,"totalCents":1605,"amountDueCents":1105,"amountPaidCents":0,
             "creditCarriedForwardCents":0,
             "creditNotes":[{"id":"cn_1","amountCents":500,"reason":"goodwill","issuedAt":"2026-02-01T09:00:00Z"}],
             "paidOutOfBand":false,"createdAt":"2026-01-31T00:00:00Z","finalizeAt":"2026-01-31T01:00:00Z",
             "finalizedAt":"2026-01-31T01:00:00Z","paidAt":null,"voidedAt":null,
             "updatedAt":"2026-02-01T09:00:00Z","version":3}""".formatted(INV_ID, CUSTOMER_ID, SUB_ID);

    static FakeBillingServer server;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new FakeBillingServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"), args);
    }

    @Test
    void get_prints_the_invoice_as_a_document() {
        server.answer("GET", "/v1/invoices/" + INV_ID, 200, "{\"data\":" + INVOICE + "}");

        CliRun run = billing("invoices", "get", INV_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isNull();
        String out = run.out();
        assertThat(out)
                .contains("Invoice:        INV-2026-000007")
                .contains("Status:         open")
                .contains("Customer:       Ada Ltd <ada@example.com>")
                .contains("Period:         2026-01-15T00:00:00Z to 2026-02-15T00:00:00Z")
                .contains("Subtotal:    1605 (16.05 USD)")
                .contains("Tax:         0 (0.00 USD)")
                .contains("Total:       1605 (16.05 USD)")
                .contains("Amount paid: 0 (0.00 USD)")
                .contains("Amount due:  1105 (11.05 USD)")
                .doesNotContain("Credit carried forward");
        String[] lines = out.split("\n");
        int header = indexOfLineStartingWith(lines, "TYPE");
        assertThat(lines[header]).contains("DESCRIPTION").contains("QUANTITY").contains("UNIT").contains("AMOUNT");
        assertThat(lines[header + 1]).startsWith("proration_credit").contains("Unused time on Pro")
                .contains("-16.00 USD").contains("-1600");
        // A credit line has no unit price; the debit shows its unit price and its (rounded) amount.
        assertThat(lines[header + 1].substring(lines[header].indexOf("UNIT"))).startsWith("-");
        assertThat(lines[header + 2]).contains("Remaining time on Business").contains("32.00 USD")
                .contains("32.05 USD");
        int notes = indexOfLineStartingWith(lines, "CREDIT_NOTE");
        assertThat(lines[notes + 1]).contains("cn_1").contains("500").contains("5.00 USD").contains("goodwill");
        // Order of the document: header, lines, totals, credit notes.
        assertThat(out.indexOf("Customer:")).isLessThan(out.indexOf("TYPE"));
        assertThat(out.indexOf("TYPE")).isLessThan(out.indexOf("Subtotal:"));
        assertThat(out.indexOf("Subtotal:")).isLessThan(out.indexOf("CREDIT_NOTE"));
    }

    @Test
    void a_draft_has_no_number_yet_and_no_credit_notes() {
        String draft = INVOICE.replace("\"INV-2026-000007\"", "null").replace("\"status\":\"open\"",
                "\"status\":\"draft\"").replaceAll("\"creditNotes\":\\[[^]]*]", "\"creditNotes\":[]");
        server.answer("POST", "/v1/invoices", 201, "{\"data\":" + draft + "}");

        CliRun run = billing("invoices", "create", "--subscription", SUB_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().body()).isEqualTo("{\"subscriptionId\":\"" + SUB_ID + "\"}");
        assertThat(UUID.fromString(server.onlyRequest().header("Idempotency-Key"))).isNotNull();
        assertThat(run.out()).contains("Invoice:        (draft, not numbered yet)").contains("No credit notes.");
    }

    @Test
    void list_sends_every_filter_and_prints_totals() {
        server.answer("GET", "/v1/invoices", 200, "{\"data\":[" + INVOICE + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun run = billing("invoices", "list", "--subscription", SUB_ID, "--customer", CUSTOMER_ID,
                "--status", "open", "--from", "2026-01-01T00:00:00Z", "--to", "2026-02-01T00:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).isEqualTo("subscriptionId=" + SUB_ID + "&customerId=" + CUSTOMER_ID
                + "&status=open&createdAfter=2026-01-01T00%3A00%3A00Z&createdBefore=2026-02-01T00%3A00%3A00Z");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("NUMBER").contains("TOTAL_CENTS").contains("AMOUNT_DUE");
        assertThat(lines[1]).contains("INV-2026-000007").contains("1605").contains("16.05 USD")
                .contains("11.05 USD");
        assertThat(lines[1].indexOf("16.05 USD")).isEqualTo(lines[0].indexOf("TOTAL "));
        assertThat(run.out()).contains("Page 1 of 1 (1 total)");
    }

    @Test
    void actions_post_to_their_endpoints_pay_out_of_band_and_credit_notes_carry_amount_and_reason()
            throws Exception {
        for (String action : new String[] {"finalize", "void", "mark-uncollectible", "pay", "credit-notes"}) {
            server.answer("POST", "/v1/invoices/" + INV_ID + "/" + action, action.equals("credit-notes") ? 201 : 200,
                    "{\"data\":" + INVOICE + "}");
        }
        server.answer("GET", "/v1/invoices/" + INV_ID + "/history", 200, "{\"data\":[]}");

        assertThat(billing("invoices", "finalize", INV_ID).exitCode()).isZero();
        assertThat(billing("invoices", "void", INV_ID).exitCode()).isZero();
        assertThat(billing("invoices", "mark-uncollectible", INV_ID).exitCode()).isZero();
        assertThat(billing("invoices", "pay", INV_ID, "--out-of-band").exitCode()).isZero();
        CliRun credit = billing("invoices", "credit-note", INV_ID, "--amount-cents", "500", "--reason", "goodwill");
        assertThat(billing("invoices", "history", INV_ID).exitCode()).isZero();

        assertThat(credit.exitCode()).as(credit.err()).isZero();
        assertThat(server.requests()).extracting(request -> request.method() + " " + request.path()).containsExactly(
                "POST /v1/invoices/" + INV_ID + "/finalize", "POST /v1/invoices/" + INV_ID + "/void",
                "POST /v1/invoices/" + INV_ID + "/mark-uncollectible", "POST /v1/invoices/" + INV_ID + "/pay",
                "POST /v1/invoices/" + INV_ID + "/credit-notes", "GET /v1/invoices/" + INV_ID + "/history");
        assertThat(server.requests().subList(0, 5)).extracting(request -> request.header("Idempotency-Key"))
                .doesNotContainNull().doesNotHaveDuplicates();
        assertThat(mapper.readTree(server.requests().get(3).body()))
                .isEqualTo(mapper.readTree("{\"paidOutOfBand\":true}"));
        assertThat(mapper.readTree(server.requests().get(4).body()))
                .isEqualTo(mapper.readTree("{\"amountCents\":500,\"reason\":\"goodwill\"}"));
        assertThat(credit.out()).contains("Amount due:  1105 (11.05 USD)");
    }

    @Test
    void pay_without_out_of_band_charges_now_and_sends_no_body_at_all() {
        String paid = INVOICE.replace("\"status\":\"open\"", "\"status\":\"paid\"")
                .replace("\"amountDueCents\":1105,\"amountPaidCents\":0", "\"amountDueCents\":0,\"amountPaidCents\":1105");
        server.answer("POST", "/v1/invoices/" + INV_ID + "/pay", 200, "{\"data\":" + paid + "}");

        CliRun run = billing("invoices", "pay", INV_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        // The API reads "no body" as "charge the default payment method"; {"paidOutOfBand":true} would record one.
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Content-Type")).isNull();
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(request.header("User-Agent")).startsWith("billing-cli/");
        assertThat(run.out()).contains("Status:         paid").contains("Amount paid: 1105 (11.05 USD)")
                .doesNotContain("out of band");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void a_charge_that_leaves_the_invoice_open_points_to_its_payments_on_stderr() throws Exception {
        server.answer("POST", "/v1/invoices/" + INV_ID + "/pay", 200, "{\"data\":" + INVOICE + "}");

        CliRun table = billing("invoices", "pay", INV_ID);
        CliRun json = billing("--json", "invoices", "pay", INV_ID);

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Status:         open");
        assertThat(table.err()).contains("billing payments list --invoice " + INV_ID);
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out()).get("status").asText()).isEqualTo("open");
        assertThat(json.err()).contains("billing payments list --invoice " + INV_ID);
    }

    @Test
    void pay_out_of_band_records_a_payment_as_before() throws Exception {
        String paid = INVOICE.replace("\"status\":\"open\"", "\"status\":\"paid\"")
                .replace("\"amountDueCents\":1105,\"amountPaidCents\":0", "\"amountDueCents\":0,\"amountPaidCents\":1105")
                .replace("\"paidOutOfBand\":false", "\"paidOutOfBand\":true");
        server.answer("POST", "/v1/invoices/" + INV_ID + "/pay", 200, "{\"data\":" + paid + "}");

        CliRun run = billing("invoice", "pay", INV_ID, "--out-of-band", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(mapper.readTree(server.onlyRequest().body())).isEqualTo(mapper.readTree("{\"paidOutOfBand\":true}"));
        assertThat(mapper.readTree(run.out()).get("paidOutOfBand").asBoolean()).isTrue();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void paying_a_paid_invoice_shows_the_conflict_in_either_format() throws Exception {
        server.answer("POST", "/v1/invoices/" + INV_ID + "/pay", 409, """
                {"error":{"code":"CONFLICT","message":"Cannot pay invoice: it is paid","details":[],
                  "requestId":"req-pay","currentStatus":"paid","allowedTransitions":[]}}""");

        CliRun table = billing("invoices", "pay", INV_ID);
        CliRun json = billing("invoices", "pay", INV_ID, "--json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("CONFLICT (HTTP 409): Cannot pay invoice: it is paid")
                .contains("current status: paid").contains("request id: req-pay");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(mapper.readTree(json.err()).at("/error/currentStatus").asText()).isEqualTo("paid");
    }

    @Test
    void crediting_more_than_the_total_prints_the_validation_error() {
        server.answer("POST", "/v1/invoices/" + INV_ID + "/credit-notes", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"At most 1105 can still be credited on this invoice",
                  "details":[{"field":"amountCents","message":"At most 1105 can still be credited on this invoice",
                              "code":"exceeds_creditable"}],
                  "requestId":"req-cn"}}""");

        CliRun run = billing("invoices", "credit-note", INV_ID, "--amount-cents", "999999", "--reason", "oops");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("VALIDATION_ERROR (HTTP 400)")
                .contains("amountCents: At most 1105 can still be credited on this invoice [exceeds_creditable]")
                .contains("request id: req-cn");
    }

    @Test
    void credit_note_without_a_reason_is_a_usage_error() {
        CliRun run = billing("invoices", "credit-note", INV_ID, "--amount-cents", "500");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--reason");
        assertThat(server.requests()).isEmpty();
    }

    private static int indexOfLineStartingWith(String[] lines, String prefix) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }
}
