package io.billing.ledger.saga.payment;

import io.billing.ledger.api.payment.RecordPaymentActionRequired;
import io.billing.ledger.api.payment.RecordPaymentFailure;
import io.billing.ledger.api.payment.RecordPaymentSucceeded;
import io.billing.ledger.saga.gateway.ChargeResult;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * Sends the payment process's commands as {@code system:payments}. They run in the processor's
 * transaction, which a refused command would mark for rollback: so the commands it sends never
 * refuse (a report on an invoice voided meanwhile changes nothing). A failure propagates, and the
 * processor retries the event with back-off.
 */
@Component
public class PaymentCommands {

    private static final Logger log = LoggerFactory.getLogger(PaymentCommands.class);
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:payments");

    private final CommandGateway commands;

    public PaymentCommands(CommandGateway commands) {
        this.commands = commands;
    }

    /** Sends and waits; answers the handler's result. */
    public <R> R send(Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(ACTOR));
    }

    public void recordFailure(String paymentId, String paymentIntentId, String code, String declineCode,
                              String message, Instant at) {
        send(new RecordPaymentFailure(paymentId, paymentIntentId, code, declineCode, message, at));
    }

    /** The processor's answer to a charge, on the payment. PROCESSING: the outcome follows by webhook. */
    public void record(String paymentId, ChargeResult result, Instant at) {
        switch (result.status()) {
            case SUCCEEDED -> send(new RecordPaymentSucceeded(paymentId, result.paymentIntentId(), at));
            case FAILED -> recordFailure(paymentId, result.paymentIntentId(), result.failureCode(),
                    result.declineCode(), result.failureMessage(), at);
            case REQUIRES_ACTION -> send(new RecordPaymentActionRequired(paymentId, result.paymentIntentId(),
                    result.nextActionUrl(), result.failureCode(), result.declineCode(), result.failureMessage(), at));
            case PROCESSING -> log.info("Payment {} is processing at the processor ({}); its outcome follows",
                    paymentId, result.paymentIntentId());
        }
    }
}
