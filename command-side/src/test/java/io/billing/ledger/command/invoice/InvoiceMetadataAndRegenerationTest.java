package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.RegenerateInvoice;
import io.billing.ledger.api.invoice.UpdateInvoiceMetadata;
import io.billing.ledger.api.invoice.VoidInvoice;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An invoice's metadata (Stripe's merge, only while a draft), the credit a void gives back, and regeneration. */
class InvoiceMetadataAndRegenerationTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String NEW = "inv_00000000-0000-0000-0000-000000000002";
    private static final String NEWER = "inv_00000000-0000-0000-0000-000000000003";
    private static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant NOW = T.plusSeconds(3600);
    private static final BillingPeriod FEBRUARY = BillingPeriod.of(T, Instant.parse("2026-03-01T00:00:00Z"));
    private static final InvoiceLine FEE = new InvoiceLine(LineType.PLAN_CHARGE, "Fee", 2, usd(3000), usd(6000),
            FEBRUARY);
    private static final InvoiceLine CREDIT = new InvoiceLine(LineType.CREDIT_APPLIED, "Customer credit applied", 1,
            null, usd(-1500), FEBRUARY);

    private AggregateTestFixture<InvoiceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InvoiceAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> NOW);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }

    private static InvoiceDrafted drafted(List<InvoiceLine> lines, Map<String, String> metadata) {
        long subtotal = lines.stream().mapToLong(line -> line.amount().amount()).sum();
        return new InvoiceDrafted(INV, "cust_1", SUB, null, InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY, lines,
                usd(subtotal), usd(0), usd(Math.max(subtotal, 0)), usd(Math.max(-subtotal, 0)), T, NOW, metadata, null);
    }

    private static InvoiceFinalized finalized(List<InvoiceLine> lines) {
        long total = lines.stream().mapToLong(line -> line.amount().amount()).sum();
        return new InvoiceFinalized(INV, "INV-2026-000001", lines, usd(total), usd(total), usd(total), usd(0), T, T);
    }

    /** Not a state transition: the 409 carries no currentStatus and no allowedTransitions (docs/api.md). */
    private static Matcher<Object> conflictWithoutTransitions() {
        return new CustomTypeSafeMatcher<>("a conflict naming no current status and no transitions") {
            @Override
            protected boolean matchesSafely(Object thrown) {
                return thrown instanceof ConflictException conflict && conflict.currentStatus() == null
                        && conflict.allowedTransitions().isEmpty();
            }
        };
    }

    private static Map<String, String> changes(String... keysAndValues) {
        Map<String, String> changes = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            changes.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return changes;
    }

    @Test
    void a_drafts_metadata_merges_and_a_key_given_empty_or_null_is_removed() {
        fixture.given(drafted(List.of(FEE), Map.of("order", "42", "team", "red", "region", "eu")))
                .when(new UpdateInvoiceMetadata(INV, changes("team", "", "region", null, "po", "PO-7"), false))
                .expectEvents(new InvoiceMetadataUpdated(INV, Map.of("order", "42", "po", "PO-7"), NOW));
    }

    @Test
    void a_change_that_changes_nothing_records_nothing() {
        fixture.given(drafted(List.of(FEE), Map.of("order", "42")))
                .when(new UpdateInvoiceMetadata(INV, changes("order", "42", "absent", ""), false))
                .expectNoEvents();
    }

    @Test
    void a_finalized_invoices_metadata_is_a_conflict_without_transitions() {
        fixture.given(drafted(List.of(FEE), Map.of()), finalized(List.of(FEE)))
                .when(new UpdateInvoiceMetadata(INV, changes("order", "42"), false))
                .expectException(ConflictException.class)
                .expectException(conflictWithoutTransitions())
                .expectExceptionMessage("Invoice " + INV + " is open; its metadata can be changed only while it is a draft");
    }

    @Test
    void metadata_given_at_creation_is_recorded_even_when_the_invoice_was_finalized_at_once() {
        fixture.given(drafted(List.of(FEE), Map.of()), finalized(List.of(FEE)))
                .when(new UpdateInvoiceMetadata(INV, changes("order", "42"), true))
                .expectEvents(new InvoiceMetadataUpdated(INV, Map.of("order", "42"), NOW));
    }

    @Test
    void more_than_fifty_keys_after_merging_is_refused() {
        Map<String, String> fifty = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        fixture.given(drafted(List.of(FEE), fifty))
                .when(new UpdateInvoiceMetadata(INV, changes("one-more", "v"), false))
                .expectException(InvalidRequestException.class);
        fixture.given(drafted(List.of(FEE), fifty))
                .when(new UpdateInvoiceMetadata(INV, changes("k0", "", "one-more", "v"), false))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void voiding_gives_back_the_customer_credit_the_invoice_applied() {
        List<InvoiceLine> lines = List.of(FEE, CREDIT);
        fixture.given(drafted(lines, Map.of()), finalized(lines))
                .when(new VoidInvoice(INV))
                .expectEvents(new InvoiceVoided(INV, NOW, "cust_1", usd(1500)));
    }

    @Test
    void a_voided_invoice_is_regenerated_with_its_chargeable_lines_period_and_metadata() {
        List<InvoiceLine> lines = List.of(FEE, CREDIT);
        fixture.given(drafted(lines, Map.of("order", "42")), finalized(lines),
                        new InvoiceVoided(INV, T, "cust_1", usd(1500)))
                .when(new RegenerateInvoice(INV, NEW))
                .expectEvents(new InvoiceRegenerated(INV, NEW, "cust_1", SUB, null, "usd",
                        InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY, List.of(FEE), Map.of("order", "42"), NOW));
    }

    @Test
    void a_void_recorded_before_voids_gave_credit_back_moves_its_credit_line_to_the_replacement() {
        List<InvoiceLine> lines = List.of(FEE, CREDIT);
        fixture.given(drafted(lines, Map.of()), finalized(lines), new InvoiceVoided(INV, T))
                .when(new RegenerateInvoice(INV, NEW))
                .expectEvents(new InvoiceRegenerated(INV, NEW, "cust_1", SUB, null, "usd",
                        InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY, List.of(FEE, CREDIT), Map.of(), NOW));
    }

    @Test
    void only_a_void_invoice_is_regenerated_and_the_409_names_no_transitions() {
        fixture.given(drafted(List.of(FEE), Map.of()), finalized(List.of(FEE)))
                .when(new RegenerateInvoice(INV, NEW))
                .expectException(ConflictException.class)
                .expectException(conflictWithoutTransitions())
                .expectExceptionMessage("Invoice " + INV + " is open; only a void invoice can be regenerated");
    }

    @Test
    void a_second_regeneration_is_a_conflict_naming_the_replacement() {
        fixture.given(drafted(List.of(FEE), Map.of()), finalized(List.of(FEE)), new InvoiceVoided(INV, T, "cust_1", usd(0)),
                        new InvoiceRegenerated(INV, NEW, "cust_1", SUB, null, "usd", InvoiceReason.SUBSCRIPTION_CYCLE,
                                FEBRUARY, List.of(FEE), Map.of(), T))
                .when(new RegenerateInvoice(INV, NEWER))
                .expectException(ConflictException.class)
                .expectExceptionMessage("Invoice " + INV + " was regenerated already as " + NEW);
    }

    @Test
    void a_net_credit_invoice_is_not_regenerated_its_credit_stays_granted_once() {
        List<InvoiceLine> lines = List.of(new InvoiceLine(LineType.PRORATION_CREDIT, "Unused", 1, null, usd(-3200),
                FEBRUARY), new InvoiceLine(LineType.PRORATION_DEBIT, "Rest", 1, null, usd(1600), FEBRUARY));
        fixture.given(drafted(lines, Map.of()), new InvoiceFinalized(INV, "INV-2026-000001", lines, usd(-1600), usd(0),
                        usd(0), usd(1600), T, T), new InvoiceVoided(INV, T, "cust_1", usd(0)))
                .when(new RegenerateInvoice(INV, NEW))
                .expectException(ConflictException.class)
                .expectExceptionMessage(Matchers.containsString("net credit of 1600"));
    }
}
