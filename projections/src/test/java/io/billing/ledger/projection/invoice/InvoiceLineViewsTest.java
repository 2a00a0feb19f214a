package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One line shape for invoice lines and pending lines; unit amounts half-even; invoice metadata and regeneration links. */
class InvoiceLineViewsTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String NEW = "inv_00000000-0000-0000-0000-000000000002";
    private static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final BillingPeriod REST = BillingPeriod.of(Instant.parse("2026-02-10T00:00:00Z"),
            Instant.parse("2026-03-01T00:00:00Z"));

    @ParameterizedTest(name = "{0} over {1} units is {2} per unit")
    @CsvSource({"1001, 3, 334", "1000, 3, 333", "-1001, 3, -334", "-1000, 3, -333", "5, 2, 2", "7, 2, 4",
            "-5, 2, -2", "-7, 2, -4", "1600, 1, 1600", "0, 4, 0", "250, 0, 250"})
    void a_prorated_amount_per_unit_is_rounded_half_even(long amount, long quantity, long unit) {
        assertThat(InvoiceLineViews.unitAmountCents(null, amount, quantity)).isEqualTo(unit);
    }

    @Test
    void a_priced_line_keeps_its_price_per_unit() {
        assertThat(InvoiceLineViews.unitAmountCents(25L, 375, 15)).isEqualTo(25);
    }

    @Test
    void a_pending_line_has_the_invoice_line_shape_on_no_invoice() {
        ProrationLine pending = new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time on Pro, 3 seats",
                Money.of(1001, "usd"), 3, REST);
        InvoiceLine invoiced = new InvoiceLine(LineType.PRORATION_DEBIT, "Remaining time on Pro, 3 seats", 3, null,
                Money.of(1001, "usd"), REST);

        InvoiceView.Line waiting = InvoiceLineViews.pending(pending);
        InvoiceView.Line onInvoice = InvoiceLineViews.onInvoice(INV, 1, invoiced);

        assertThat(waiting).isEqualTo(new InvoiceView.Line(null, null, "proration_debit",
                "Remaining time on Pro, 3 seats", 3, 334, 1001, REST.start(), REST.end(), Map.of()));
        assertThat(onInvoice).isEqualTo(new InvoiceView.Line(INV + "_1", INV, "proration_debit",
                "Remaining time on Pro, 3 seats", 3, 334, 1001, REST.start(), REST.end(), Map.of()));
    }

    @Test
    void the_view_shows_metadata_as_drafted_then_as_updated_and_lines_carry_their_own() {
        InvoiceLine fee = new InvoiceLine(LineType.PLAN_CHARGE, "Fee", 1, Money.of(3000, "usd"),
                Money.of(3000, "usd"), REST, Map.of("sku", "pro-monthly"));
        InvoiceView drafted = InvoiceViewEvolver.apply(null, new InvoiceDrafted(INV, "cust_1", "sub_1", null,
                InvoiceReason.MANUAL, REST, List.of(fee), Money.of(3000, "usd"), Money.of(0, "usd"),
                Money.of(3000, "usd"), Money.of(0, "usd"), FEB_1, FEB_1.plusSeconds(3600), Map.of("order", "42"),
                null), FEB_1, 0);
        assertThat(drafted.metadata()).isEqualTo(Map.of("order", "42"));
        assertThat(drafted.lines().get(0).metadata()).isEqualTo(Map.of("sku", "pro-monthly"));

        InvoiceView updated = InvoiceViewEvolver.apply(drafted,
                new InvoiceMetadataUpdated(INV, Map.of("po", "PO-7"), FEB_1), FEB_1.plusSeconds(60), 1);
        assertThat(updated.metadata()).isEqualTo(Map.of("po", "PO-7"));
        assertThat(updated.version()).isEqualTo(1);
        assertThat(updated.updatedAt()).isEqualTo(FEB_1.plusSeconds(60));
    }

    @Test
    void a_regenerated_invoice_names_its_replacement_and_the_replacement_what_it_replaces() {
        InvoiceView voided = InvoiceViewEvolver.apply(null, new InvoiceDrafted(INV, "cust_1", "sub_1", null,
                InvoiceReason.SUBSCRIPTION_CYCLE, REST, List.of(), Money.of(0, "usd"), Money.of(0, "usd"),
                Money.of(0, "usd"), Money.of(0, "usd"), FEB_1, FEB_1), FEB_1, 0);
        assertThat(voided.metadata()).as("drafted before metadata existed: none").isEmpty();

        InvoiceView replaced = InvoiceViewEvolver.apply(voided, new InvoiceRegenerated(INV, NEW, "cust_1", "sub_1",
                null, "usd", InvoiceReason.SUBSCRIPTION_CYCLE, REST, List.of(), Map.of(), FEB_1), FEB_1, 3);
        InvoiceView replacement = InvoiceViewEvolver.apply(null, new InvoiceDrafted(NEW, "cust_1", "sub_1", null,
                InvoiceReason.SUBSCRIPTION_CYCLE, REST, List.of(), Money.of(0, "usd"), Money.of(0, "usd"),
                Money.of(0, "usd"), Money.of(0, "usd"), FEB_1, FEB_1, Map.of(), INV), FEB_1, 0);

        assertThat(replaced.replacedByInvoiceId()).isEqualTo(NEW);
        assertThat(replacement.replacesInvoiceId()).isEqualTo(INV);
        assertThat(replacement.replacedByInvoiceId()).isNull();
    }
}
