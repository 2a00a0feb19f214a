package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Finalizes a draft: its number is assigned and its period takes no more usage.
 * {@code at} is when it happens in the subscription's time: the scheduler passes the due
 * time (a test clock advancing over a year finalizes each draft in its own month and year);
 * null means now.
 */
public record FinalizeInvoice(@TargetAggregateIdentifier String invoiceId, Instant at) {
}
