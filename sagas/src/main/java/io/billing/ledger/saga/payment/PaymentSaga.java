package io.billing.ledger.saga.payment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.RecordInvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.RecordInvoicePaymentFailure;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.StartPaymentAttempt;
import io.billing.ledger.saga.customer.ProcessorCustomers;
import io.billing.ledger.saga.gateway.ChargeResult;
import io.billing.ledger.saga.gateway.GatewayUnavailableException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.ChargeRequest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

/**
 * Collects one invoice (DESIGN §5 flow 4). A finalized invoice asks for its first charge attempt
 * (a zero one is paid at once by the invoice itself); each attempt, automatic or asked for by
 * {@code POST /v1/invoices/{id}/pay}, is a Payment under a deterministic id, charged off session
 * with the idempotency key {@code <invoiceId>:<attempt>}. The outcome is recorded on the Payment,
 * and the Payment's event, however it arrives (this charge's answer or a later webhook, e.g. after
 * the customer authenticated), is carried to the invoice. Ends when the invoice is paid or voided.
 * <p>
 * The processor is called inside the handler's transaction: a crash before the outcome is
 * recorded rolls back the attempt, the event is delivered again, and the same idempotency key
 * makes the processor answer its first result, so a charge is never made twice.
 */
@Saga
@ProcessingGroup(PaymentSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class PaymentSaga {

    public static final String PROCESSING_GROUP = "payment-saga";
    static final String PAYMENT_ID = "payment_id";
    static final String INVOICE_ID = "invoice_id";
    private static final Logger log = LoggerFactory.getLogger(PaymentSaga.class);

    private String invoiceId;

    @Autowired
    private transient PaymentGateway gateway;
    @Autowired
    private transient ProcessorCustomers customers;
    @Autowired
    private transient PaymentCommands commands;

    /** Every invoice is charge_automatically today (docs/api.md): each finalized one is collected. */
    @StartSaga
    @SagaEventHandler(associationProperty = "invoiceId")
    public void on(InvoiceFinalized event) {
        invoiceId = event.invoiceId();
        commands.send(new RequestInvoicePayment(invoiceId, 1, event.finalizedAt()));
    }

    /** Also starts a saga: an invoice finalized before payments existed can still be paid by request. */
    @StartSaga
    @SagaEventHandler(associationProperty = "invoiceId")
    public void on(InvoicePaymentRequested event) {
        invoiceId = event.invoiceId();
        String paymentId = Ids.derived(Ids.PAYMENT, invoiceId, event.attempt());
        SagaLifecycle.associateWith("paymentId", paymentId);

        CustomerView customer = customers.find(event.customerId()).orElse(null);
        String paymentMethod = customer == null ? null : customer.defaultPaymentMethodId();
        commands.send(new StartPaymentAttempt(paymentId, invoiceId, event.customerId(), event.amountDue(),
                event.attempt(), paymentMethod, event.testClockId(), event.requestedAt()));
        if (paymentMethod == null) {
            commands.recordFailure(paymentId, null, "no_payment_method", null,
                    "The customer has no default payment method to charge.", event.requestedAt());
            return;
        }
        ChargeResult result;
        try {
            result = gateway.charge(new ChargeRequest(customers.processorCustomerId(customer), paymentMethod,
                    event.amountDue(), "Invoice " + invoiceId,
                    Map.of(PAYMENT_ID, paymentId, INVOICE_ID, invoiceId), invoiceId + ":" + event.attempt()));
        } catch (GatewayUnavailableException e) {
            // the adapter retried with back-off under the same key; a later webhook may still tell the outcome
            log.warn("Charging {} for invoice {} failed: the processor is unavailable ({})", paymentId, invoiceId,
                    e.getMessage());
            commands.recordFailure(paymentId, null, "processing_error", null,
                    "The payment processor could not be reached; the charge may be retried.", event.requestedAt());
            return;
        }
        commands.record(paymentId, result, event.requestedAt()); // the answer came at once
    }

    @SagaEventHandler(associationProperty = "paymentId")
    public void on(PaymentSucceeded event) {
        commands.send(new PayInvoice(invoiceId, false, event.paymentId(), event.succeededAt()));
    }

    @SagaEventHandler(associationProperty = "paymentId")
    public void on(PaymentFailed event) {
        commands.send(new RecordInvoicePaymentFailure(invoiceId, event.paymentId(), event.failureCode(),
                event.declineCode(), event.failureKind(), event.failedAt()));
    }

    @SagaEventHandler(associationProperty = "paymentId")
    public void on(PaymentActionRequired event) {
        commands.send(new RecordInvoicePaymentActionRequired(invoiceId, event.paymentId(), event.nextActionUrl(),
                event.at()));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "invoiceId")
    public void on(InvoicePaid event) {
        // collected: refunds and disputes concern the payment alone
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "invoiceId")
    public void on(InvoiceVoided event) {
        // nothing more to collect
    }
}
