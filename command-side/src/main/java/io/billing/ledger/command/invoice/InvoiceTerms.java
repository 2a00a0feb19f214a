package io.billing.ledger.command.invoice;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Payment terms of a finalized invoice. The due date is recorded on the event, so a later
 * change of INVOICE_DAYS_UNTIL_DUE never moves the due date of an invoice already issued.
 */
@Component
public class InvoiceTerms {

    private final int daysUntilDue;

    @Autowired
    public InvoiceTerms(InvoicingSettings settings) {
        this(settings.daysUntilDue());
    }

    public InvoiceTerms(int daysUntilDue) {
        this.daysUntilDue = daysUntilDue;
    }

    public Instant dueDate(Instant finalizedAt) {
        return finalizedAt.plus(Duration.ofDays(daysUntilDue));
    }
}
