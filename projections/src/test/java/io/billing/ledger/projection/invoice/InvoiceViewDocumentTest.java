package io.billing.ledger.projection.invoice;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.projection.support.JsonColumns;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory keeps the view as JSON written and read by the web's (strict) mapper. */
class InvoiceViewDocumentTest {

    // as application.yml configures Boot's mapper
    private final JsonColumns json = new JsonColumns(Jackson2ObjectMapperBuilder.json()
            .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build());

    @Test
    void a_view_reads_back_as_it_was_written() {
        Instant start = Instant.parse("2026-01-15T10:00:00.123456789Z");
        BillingPeriod period = BillingPeriod.of(start, Instant.parse("2026-02-15T10:00:00Z"));
        InvoiceLine plan = new InvoiceLine(LineType.PLAN_CHARGE, "Pro", 3, Money.of(1999, "eur"),
                Money.of(5997, "eur"), period);
        InvoiceLine credit = new InvoiceLine(LineType.PRORATION_CREDIT, "Unused time", 1, null,
                Money.of(-500, "eur"), period);
        InvoiceView drafted = InvoiceViewEvolver.apply(null, new InvoiceDrafted(
                "inv_00000000-0000-0000-0000-000000000001", "cust_00000000-0000-0000-0000-000000000001", null, null,
                InvoiceReason.MANUAL, null, List.of(plan, credit), Money.of(5497, "eur"), Money.of(0, "eur"),
                Money.of(5497, "eur"), Money.of(0, "eur"), start, start), start, 0);
        InvoiceView open = InvoiceViewEvolver.apply(InvoiceViewEvolver.withCustomer(drafted, "Ada", null),
                new InvoiceFinalized(drafted.id(), "INV-000001", List.of(plan, credit), Money.of(5497, "eur"),
                        Money.of(5497, "eur"), Money.of(5497, "eur"), Money.of(0, "eur"), start), start, 1);
        InvoiceView view = InvoiceViewEvolver.apply(open, new CreditNoteIssued(open.id(), "cn_1",
                Money.of(100, "eur"), "goodwill", Money.of(100, "eur"), Money.of(0, "eur"), start), start, 2);

        assertThat(json.readDocument(json.writeDocument(view), InvoiceView.class)).isEqualTo(view);
    }
}
