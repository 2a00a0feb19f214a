package io.billing.ledger.saga.dunning;

import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningCaseId;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.RecordDunningPaymentFailure;
import io.billing.ledger.api.dunning.ResolveDunning;
import io.billing.ledger.api.dunning.RetryDunningNow;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.MarkInvoiceUncollectible;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.subscription.CancelSubscriptionForNonPayment;
import io.billing.ledger.api.subscription.MarkSubscriptionPastDue;
import io.billing.ledger.api.subscription.PauseSubscriptionForNonPayment;
import io.billing.ledger.api.subscription.RecoverSubscription;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment → dunning process (DESIGN §5 flow 5): carries the invoice's payment outcomes to its
 * DunningCase, and the case's decisions to the invoice and the subscription. A streaming processor
 * ({@code dunning-process}, one event per transaction): what it knows of each invoice
 * ({@code dunning_invoices}) is written in the transaction that handles the event, in stream order,
 * so it always knows the invoice's subscription, customer, clock and last attempt number.
 * <p>
 * Every command it sends is one that never refuses (a refusal would mark the shared transaction for
 * rollback and the event would be retried forever): a retry asks for a numbered attempt, the
 * subscription and invoice commands leave a state that moved on as it is. Never replayed: a replay
 * would charge, pause and cancel again.
 */
@Component
@ProcessingGroup(DunningProcess.PROCESSING_GROUP)
@DisallowReplay
public class DunningProcess {

    public static final String PROCESSING_GROUP = "dunning-process";
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:dunning");

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final boolean enabled;

    public DunningProcess(JdbcTemplate jdbc, CommandGateway commands, QueryGateway queries,
                          @Value("${billing.dunning.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.queries = queries;
        this.enabled = enabled;
    }

    @EventHandler
    void on(InvoiceDrafted event) {
        jdbc.update("""
                        INSERT INTO dunning_invoices (invoice_id, subscription_id, customer_id, test_clock_id)
                        VALUES (?, ?, ?, ?) ON CONFLICT (invoice_id) DO NOTHING""",
                event.invoiceId(), event.subscriptionId(), event.customerId(), event.testClockId());
    }

    @EventHandler
    void on(InvoicePaymentRequested event) {
        jdbc.update("""
                        INSERT INTO dunning_invoices (invoice_id, customer_id, test_clock_id, last_attempt)
                        VALUES (?, ?, ?, ?) ON CONFLICT (invoice_id)
                        DO UPDATE SET last_attempt = GREATEST(dunning_invoices.last_attempt, EXCLUDED.last_attempt)""",
                event.invoiceId(), event.customerId(), event.testClockId(), event.attempt());
    }

    /**
     * A charge waiting for the customer to authenticate (SCA) is, for dunning, a failure of kind
     * action_required: the case opens (or the retry in flight ends) and notifies at once with the
     * link; the customer's authentication pays the invoice through the processor's webhook, which
     * resolves the case.
     */
    @EventHandler
    void on(InvoicePaymentActionRequired event) {
        jdbc.update("UPDATE dunning_invoices SET next_action_url = ? WHERE invoice_id = ?", event.nextActionUrl(),
                event.invoiceId());
        if (!enabled) {
            return;
        }
        Invoice invoice = invoice(event.invoiceId()).orElse(new Invoice(event.invoiceId(), null, null, null, 0, null,
                null, false));
        String dunningId = DunningCaseId.of(event.invoiceId());
        jdbc.update("UPDATE dunning_invoices SET dunning_id = ? WHERE invoice_id = ?", dunningId, event.invoiceId());
        send(new RecordDunningPaymentFailure(dunningId, event.invoiceId(), invoice.subscriptionId(),
                invoice.customerId(), invoice.testClockId(), event.paymentId(), "authentication_required", null,
                FailureKind.ACTION_REQUIRED, event.nextActionUrl(), event.at()));
    }

    /**
     * Every invoice is charge_automatically today (docs/api.md), so each failure goes to the case:
     * the first opens it, a later one is a retry's outcome (the case tells them apart).
     */
    @EventHandler
    void on(InvoicePaymentFailed event) {
        if (!enabled) {
            return; // dunning switched off: a failed invoice stays open, and no case is opened
        }
        Invoice invoice = invoice(event.invoiceId()).orElse(new Invoice(event.invoiceId(), null, null, null, 0, null,
                null, false));
        String dunningId = DunningCaseId.of(event.invoiceId());
        jdbc.update("UPDATE dunning_invoices SET dunning_id = ? WHERE invoice_id = ?", dunningId, event.invoiceId());
        send(new RecordDunningPaymentFailure(dunningId, event.invoiceId(), invoice.subscriptionId(),
                invoice.customerId(), invoice.testClockId(), event.paymentId(), event.failureCode(), event.declineCode(),
                event.failureKind(), invoice.nextActionUrl(), event.at()));
    }

    @EventHandler
    void on(InvoicePaid event) {
        resolve(event.invoiceId(), event.paidOutOfBand() ? DunningResolution.PAID_OUT_OF_BAND : DunningResolution.PAID,
                event);
    }

    @EventHandler
    void on(InvoiceVoided event) {
        resolve(event.invoiceId(), DunningResolution.VOIDED, event);
    }

    /** A new default payment method: each open case of the customer retries at once (the case says whether it can). */
    @EventHandler
    void on(DefaultPaymentMethodSet event, @SequenceNumber long version) {
        List<String> open = jdbc.queryForList(
                "SELECT dunning_id FROM dunning_invoices WHERE customer_id = ? AND case_open ORDER BY invoice_id",
                String.class, event.customerId());
        if (open.isEmpty()) {
            return;
        }
        // the payment process charges the default it reads from the customer read model: wait until
        // that shows the new method, or the retry would charge the card that just failed
        queries.query(new FindCustomer(event.customerId(), version), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join();
        for (String dunningId : open) {
            // now on the case's clock (the event's time is the wall clock's, not a test clock's)
            send(new RetryDunningNow(dunningId, RetryTrigger.PAYMENT_METHOD, null));
        }
    }

    @EventHandler
    void on(DunningStarted event) {
        jdbc.update("UPDATE dunning_invoices SET case_open = TRUE, dunning_id = ? WHERE invoice_id = ?",
                event.dunningId(), event.invoiceId());
        if (event.subscriptionId() != null) {
            send(new MarkSubscriptionPastDue(event.subscriptionId(), event.invoiceId(), event.startedAt()));
        }
    }

    /** The retry is a new payment attempt on the invoice, numbered: a redelivery, or another attempt begun meanwhile, starts none. */
    @EventHandler
    void on(PaymentRetryAttempted event) {
        int last = invoice(event.invoiceId()).map(Invoice::lastAttempt).orElse(0);
        send(new RequestInvoicePayment(event.invoiceId(), last + 1, event.attemptedAt()));
    }

    @EventHandler
    void on(DunningEscalated event) {
        if (event.action() == DunningAction.PAUSE && event.subscriptionId() != null) {
            send(new PauseSubscriptionForNonPayment(event.subscriptionId(), event.invoiceId(), event.escalatedAt()));
        } else if (event.action() == DunningAction.CANCEL) {
            if (event.subscriptionId() != null) {
                send(new CancelSubscriptionForNonPayment(event.subscriptionId(), event.invoiceId(), event.escalatedAt()));
            }
            send(new MarkInvoiceUncollectible(event.invoiceId(), true, event.escalatedAt()));
        }
        // notify: the event itself is the trigger (dunning.escalated); the engine sends no email
    }

    /** Paid, voided or closed by an operator: a past-due (or dunning-paused) subscription is active again. */
    @EventHandler
    void on(DunningResolved event) {
        jdbc.update("UPDATE dunning_invoices SET case_open = FALSE WHERE invoice_id = ?", event.invoiceId());
        if (event.subscriptionId() != null) {
            send(new RecoverSubscription(event.subscriptionId(), event.invoiceId(), event.resolvedAt()));
        }
    }

    @EventHandler
    void on(DunningExhausted event) {
        jdbc.update("UPDATE dunning_invoices SET case_open = FALSE WHERE invoice_id = ?", event.invoiceId());
    }

    private void resolve(String invoiceId, DunningResolution resolution, Object event) {
        Optional<Invoice> invoice = invoice(invoiceId);
        if (invoice.isEmpty() || invoice.get().dunningId() == null) {
            return; // no case: nothing failed before
        }
        java.time.Instant at = event instanceof InvoicePaid paid ? paid.paidAt()
                : event instanceof InvoiceVoided voided ? voided.voidedAt() : null;
        send(new ResolveDunning(invoice.get().dunningId(), resolution, null, at));
    }

    private Optional<Invoice> invoice(String invoiceId) {
        return jdbc.query("""
                        SELECT invoice_id, subscription_id, customer_id, test_clock_id, last_attempt, next_action_url,
                               dunning_id, case_open FROM dunning_invoices WHERE invoice_id = ?""",
                (rs, row) -> new Invoice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)), invoiceId)
                .stream().findFirst();
    }

    private void send(Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(ACTOR));
    }

    private record Invoice(String invoiceId, String subscriptionId, String customerId, String testClockId,
                           int lastAttempt, String nextActionUrl, String dunningId, boolean caseOpen) {
    }
}
