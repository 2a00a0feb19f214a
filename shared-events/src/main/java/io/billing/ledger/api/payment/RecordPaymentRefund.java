package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A refund the processor made ({@code re_…}), ours or from its dashboard; the same refund twice is recorded once. */
public record RecordPaymentRefund(@TargetAggregateIdentifier String paymentId,
                                  String refundId,
                                  Money amount,
                                  String reason,
                                  Instant at) {
}
