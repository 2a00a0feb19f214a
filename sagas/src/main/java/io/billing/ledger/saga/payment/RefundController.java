package io.billing.ledger.saga.payment;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.payment.FindPayment;
import io.billing.ledger.api.payment.PaymentView;
import io.billing.ledger.api.payment.PrepareRefund;
import io.billing.ledger.api.payment.RecordPaymentRefund;
import io.billing.ledger.api.payment.RefundTerms;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.RefundResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * Refunds a payment: the Payment decides how much may go back (more than what is left is a 400),
 * the processor refunds it under a key of this refund's own, and the refund is recorded by the
 * processor's refund id, the one its {@code charge.refunded} webhook repeats later.
 */
@RestController
@Tag(name = "Payments")
@RequiresScope(ApiKeyScope.WRITE)
public class RefundController {

    private final PaymentGateway gateway;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EventStore eventStore;

    public RefundController(PaymentGateway gateway, CommandGateway commands, QueryGateway queries,
                            EventStore eventStore) {
        this.gateway = gateway;
        this.commands = commands;
        this.queries = queries;
        this.eventStore = eventStore;
    }

    @PostMapping("/v1/payments/{paymentId}/refunds")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Refund a succeeded payment in full (no amountCents) or in part; answers the payment",
            description = "More than what is left to refund is a 400; a payment that did not succeed, or is "
                    + "disputed, is a 409.")
    public DataEnvelope<PaymentView> refund(@PathVariable @Pattern(regexp = Ids.PAYMENT_ID) String paymentId,
                                            @Valid @RequestBody(required = false) RefundRequest request) {
        Long amountCents = request == null ? null : request.amountCents();
        String reason = request == null ? null : request.reason();
        if (eventStore.lastSequenceNumberFor(paymentId).isEmpty()) {
            throw new NotFoundException("Payment", paymentId);
        }
        RefundTerms terms = commands.sendAndWait(new PrepareRefund(paymentId, amountCents));
        // a key of this refund's own: a client's retry with the same Idempotency-Key is answered before here
        RefundResult refund = gateway.refund(terms.paymentIntentId(), terms.amount(), reason,
                "refund:" + paymentId + ":" + UUID.randomUUID());
        commands.sendAndWait(new RecordPaymentRefund(paymentId, refund.refundId(), refund.amount(), reason, null));
        long version = eventStore.lastSequenceNumberFor(paymentId).orElse(-1L);
        return DataEnvelope.of(queries.query(new FindPayment(paymentId, version),
                        ResponseTypes.optionalInstanceOf(PaymentView.class)).join()
                .or(() -> queries.query(FindPayment.current(paymentId),
                        ResponseTypes.optionalInstanceOf(PaymentView.class)).join())
                .orElseThrow(() -> new NotFoundException("Payment", paymentId)));
    }
}
