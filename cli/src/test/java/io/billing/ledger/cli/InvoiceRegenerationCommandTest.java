package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code billing invoices regenerate} (and the seed's singular {@code invoice}), and invoice metadata. */
class InvoiceRegenerationCommandTest {

    static final String VOID_ID = "inv_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String NEW_ID = "inv_1c7f2d3b-6e2a-4a8f-8b62-4d3e5f6a7b8c";
    static final String REPLACEMENT = """
            {"id":"%s","invoiceNumber":null,"customerId":"cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b",
             "subscriptionId":"sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b","status":"draft",
             "billingReason":"subscription_cycle","currency":"usd",
             "periodStart":"2026-02-01T00:00:00Z","periodEnd":"2026-03-01T00:00:00Z",
             "lines":[{"id":"%s_0","invoiceId":"%s","type":"plan_charge","description":"Subscription fee","quantity":1,
                       "unitAmountCents":3000,"amountCents":3000,"periodStart":"2026-02-01T00:00:00Z",
                       "periodEnd":"2026-03-01T00:00:00Z","metadata":{}},
                      {"id":"%s_1","invoiceId":"%s","type":"credit_applied","description":"Customer credit applied",
                       "quantity":1,"unitAmountCents":-500,"amountCents":-500,"periodStart":"2026-02-01T00:00:00Z",
                       "periodEnd":"2026-03-01T00:00:00Z","metadata":{}}],
             "subtotalCents":2500,"taxAmountCents":0,"totalCents":2500,"amountDueCents":2500,"amountPaidCents":0,
             "creditCarriedForwardCents":0,"creditNotes":[],"paidOutOfBand":false,
             "createdAt":"2026-02-03T09:00:00Z","finalizeAt":"2026-02-03T10:00:00Z","finalizedAt":null,
             "paidAt":null,"voidedAt":null,"updatedAt":"2026-02-03T09:00:00Z","version":0,
             "metadata":{"order":"42"},"replacesInvoiceId":"%s","replacedByInvoiceId":null}"""
            .formatted(NEW_ID, NEW_ID, NEW_ID, NEW_ID, NEW_ID, VOID_ID);

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
    void regenerate_posts_to_the_void_invoice_and_prints_the_new_draft_naming_what_it_replaces() {
        server.answer("POST", "/v1/invoices/" + VOID_ID + "/regenerate", 201, "{\"data\":" + REPLACEMENT + "}");

        CliRun run = billing("invoice", "regenerate", VOID_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().method()).isEqualTo("POST");
        assertThat(server.onlyRequest().path()).isEqualTo("/v1/invoices/" + VOID_ID + "/regenerate");
        assertThat(UUID.fromString(server.onlyRequest().header("Idempotency-Key"))).isNotNull();
        assertThat(run.out())
                .contains("Invoice:        (draft, not numbered yet)")
                .contains("ID:             " + NEW_ID)
                .contains("Replaces:       " + VOID_ID)
                .contains("Metadata:       {\"order\":\"42\"}")
                .contains("credit_applied")
                .contains("Total:       2500 (25.00 USD)");
    }

    @Test
    void regenerate_as_json_prints_the_new_invoice_as_the_server_sent_it() throws Exception {
        server.answer("POST", "/v1/invoices/" + VOID_ID + "/regenerate", 201, "{\"data\":" + REPLACEMENT + "}");

        CliRun run = billing("invoices", "regenerate", VOID_ID, "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(REPLACEMENT));
    }

    @Test
    void a_second_regeneration_prints_the_conflict_naming_the_replacement() {
        server.answer("POST", "/v1/invoices/" + VOID_ID + "/regenerate", 409, """
                {"error":{"code":"CONFLICT","message":"Invoice %s was regenerated already as %s","details":[],
                  "requestId":"req-regen"}}""".formatted(VOID_ID, NEW_ID));

        CliRun run = billing("invoices", "regenerate", VOID_ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("CONFLICT (HTTP 409)")
                .contains("Invoice " + VOID_ID + " was regenerated already as " + NEW_ID);
    }

    @Test
    void update_sends_the_metadata_change_and_an_empty_value_removes_a_key() throws Exception {
        server.answer("PATCH", "/v1/invoices/" + NEW_ID, 200, "{\"data\":" + REPLACEMENT + "}");

        CliRun run = billing("invoices", "update", NEW_ID, "--metadata", "order=42", "--metadata", "team=");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().method()).isEqualTo("PATCH");
        assertThat(mapper.readTree(server.onlyRequest().body()))
                .isEqualTo(mapper.readTree("{\"metadata\":{\"order\":\"42\",\"team\":\"\"}}"));
    }

    @Test
    void create_sends_the_metadata_given() throws Exception {
        server.answer("POST", "/v1/invoices", 201, "{\"data\":" + REPLACEMENT + "}");

        CliRun run = billing("invoices", "create", "--subscription", "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b",
                "--metadata", "order=42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mapper.readTree(server.onlyRequest().body())).isEqualTo(mapper.readTree(
                "{\"subscriptionId\":\"sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b\",\"metadata\":{\"order\":\"42\"}}"));
    }
}
