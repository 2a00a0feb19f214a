package io.billing.ledger.command.invoice;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.ApplyCustomerCredit;
import io.billing.ledger.api.customer.GrantCustomerCredit;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.DraftInvoice;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.invoice.InvoiceGenerator.ProposedInvoice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The invoicing processor: a pooled event processor of its own ({@code invoicing-policy}), so it
 * drafts after the user's command has committed and never inside it. A failure is retried and,
 * if it persists, parked in the processor's dead-letter queue with the subscription's later
 * events queued behind it — visible on {@code /v1/admin/projections}, in the gauges and in
 * readiness — never skipped.
 * <p>
 * For each subscription event it folds the subscription's terms from the events before it
 * ({@link SubscriptionTerms}), asks the pure {@link InvoiceGenerator} which invoice the event
 * causes, and drafts it under an id named by the event (the subscription and the event's
 * sequence number): a redelivered event finds its invoice drafted and does nothing, and two nodes
 * drafting it at once collide on the event store's (aggregate id, sequence) index.
 * <p>
 * Customer credit is applied first on every invoice: the customer aggregate decides how much
 * ({@link ApplyCustomerCredit}, idempotent per invoice) and a net credit is granted back to it
 * ({@link GrantCustomerCredit}, idempotent per source), in the transaction that drafts.
 */
@Component
@ProcessingGroup(InvoicingPolicy.PROCESSING_GROUP)
@DisallowReplay // it drafts invoices: replaying it would invoice history again
public class InvoicingPolicy {

    public static final String PROCESSING_GROUP = "invoicing-policy";

    private final CommandGateway commands;
    private final UsageCounter usage;
    private final EventStore eventStore;
    private final Duration finalizeDelay;
    private final DraftingTransaction ownTransaction;

    public InvoicingPolicy(CommandGateway commands, UsageCounter usage, EventStore eventStore,
                           DraftingTransaction ownTransaction,
                           @Value("${billing.invoicing.finalize-delay}") Duration finalizeDelay) {
        this.ownTransaction = ownTransaction;
        this.eventStore = eventStore;
        this.commands = commands;
        this.usage = usage;
        this.finalizeDelay = finalizeDelay;
    }

    @EventHandler
    void on(SubscriptionCreated event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(TrialEnded event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(SubscriptionRenewed event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(SubscriptionPlanChanged event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(SubscriptionQuantityChanged event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    /** POST /v1/invoices: the lines the subscription says it invoiced, under the id the request chose. */
    @EventHandler
    void on(SubscriptionProrationsInvoiced event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(SubscriptionResumed event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(SubscriptionCanceled event, DomainEventMessage<?> message) {
        invoice(event, message);
    }

    @EventHandler
    void on(CreditNoteIssued event) {
        // events recorded before the customer was named on them came before this processor's start
        if (!event.creditToBalance().isZero() && event.customerId() != null) {
            ownTransaction.run(() -> commands.sendAndWait(new GrantCustomerCredit(event.customerId(),
                    event.creditToBalance(), event.creditNoteId(), event.issuedAt())));
        }
    }

    /**
     * The invoice an event causes is named by that event (its subscription and sequence number): a
     * redelivery makes the same id and collides on the event store's (aggregate id, sequence) index,
     * while two changes at one instant, or two cancels in one period, are two events and two invoices.
     */
    public static String invoiceId(String subscriptionId, long sequence) {
        return Ids.derived(Ids.INVOICE, subscriptionId, sequence);
    }

    private void invoice(Object event, DomainEventMessage<?> message) {
        String subscriptionId = message.getAggregateIdentifier();
        String invoiceId = event instanceof SubscriptionProrationsInvoiced manual ? manual.invoiceId()
                : invoiceId(subscriptionId, message.getSequenceNumber());
        if (eventStore.lastSequenceNumberFor(invoiceId).isPresent()) {
            return; // drafted already from this very event (a redelivery)
        }
        SubscriptionTerms before = termsBefore(subscriptionId, message.getSequenceNumber());
        InvoiceGenerator.invoiceFor(event, before, usage).ifPresent(proposed -> ownTransaction.run(() -> draft(
                event instanceof SubscriptionCreated created ? SubscriptionTerms.of(created) : before, proposed,
                invoiceId)));
    }

    /** The subscription's terms as its events up to (not including) {@code sequence} left them. */
    private SubscriptionTerms termsBefore(String subscriptionId, long sequence) {
        SubscriptionTerms terms = null;
        DomainEventStream events = eventStore.readEvents(subscriptionId, 0); // from storage: no snapshot
        while (events.hasNext() && events.peek().getSequenceNumber() < sequence) {
            Object payload = events.next().getPayload();
            terms = payload instanceof SubscriptionCreated created ? SubscriptionTerms.of(created)
                    : terms == null ? null : terms.evolve(payload);
        }
        return terms;
    }

    private void draft(SubscriptionTerms terms, ProposedInvoice proposed, String invoiceId) {
        List<InvoiceLine> lines = new ArrayList<>(proposed.lines());
        Money subtotal = lines.stream().map(InvoiceLine::amount).reduce(Money.zero(terms.currency()), Money::plus);
        if (!subtotal.isNegative() && !subtotal.isZero()) {
            Money applied = commands.sendAndWait(new ApplyCustomerCredit(terms.customerId(), invoiceId, subtotal,
                    proposed.at()));
            if (!applied.isZero()) {
                lines.add(new InvoiceLine(LineType.CREDIT_APPLIED, "Customer credit applied", 1, null,
                        applied.negate(), proposed.period()));
            }
        } else if (subtotal.isNegative()) {
            // a net credit is carried forward: the customer's next invoice in this currency takes it
            commands.sendAndWait(new GrantCustomerCredit(terms.customerId(), subtotal.negate(), invoiceId,
                    proposed.at()));
        }
        commands.sendAndWait(new DraftInvoice(invoiceId, terms.customerId(), terms.subscriptionId(),
                terms.testClockId(), terms.currency(), proposed.reason(), proposed.period(), lines, proposed.at(),
                proposed.at().plus(finalizeDelay)));
        if (finalizeDelay.isZero()) {
            commands.sendAndWait(new FinalizeInvoice(invoiceId, proposed.at()));
        }
    }
}
