package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * Attempt {@code attempt} to collect {@code amountDue} from the customer begins; the payment saga
 * charges it as payment {@code Ids.derived(PAYMENT, invoiceId, attempt)}.
 */
public record InvoicePaymentRequested(String invoiceId,
                                      String customerId,
                                      String testClockId,
                                      int attempt,
                                      Money amountDue,
                                      Instant requestedAt) {
}
