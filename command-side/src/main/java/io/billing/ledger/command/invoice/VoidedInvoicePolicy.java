package io.billing.ledger.command.invoice;

import io.billing.ledger.api.customer.ApplyCustomerCredit;
import io.billing.ledger.api.customer.GrantCustomerCredit;
import io.billing.ledger.api.invoice.DraftInvoice;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What follows a void: the customer credit the invoice took goes back to the customer, and a
 * regeneration drafts the replacement, applying the customer's credit afresh. Part of the
 * invoicing processor ({@link InvoicingPolicy}), after the user's transaction and in one of its own
 * ({@link DraftingTransaction}); the answers to a void and a regeneration wait for it.
 */
@Component
@ProcessingGroup(InvoicingPolicy.PROCESSING_GROUP)
@DisallowReplay // it moves money and drafts invoices: a replay would do both again
public class VoidedInvoicePolicy {

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final Duration finalizeDelay;
    private final DraftingTransaction ownTransaction;

    public VoidedInvoicePolicy(CommandGateway commands, EventStore eventStore, DraftingTransaction ownTransaction,
                               @Value("${billing.invoicing.finalize-delay}") Duration finalizeDelay) {
        this.ownTransaction = ownTransaction;
        this.commands = commands;
        this.eventStore = eventStore;
        this.finalizeDelay = finalizeDelay;
    }

    /** The grant is named by the voided invoice: a redelivery grants nothing twice. */
    @EventHandler
    void on(InvoiceVoided event) {
        Money returned = event.creditReturned();
        if (returned != null && !returned.isZero() && !returned.isNegative() && event.customerId() != null) {
            ownTransaction.run(() -> commands.sendAndWait(new GrantCustomerCredit(event.customerId(), returned,
                    event.invoiceId(), event.voidedAt())));
        }
    }

    @EventHandler
    void on(InvoiceRegenerated event) {
        ownTransaction.run(() -> draftReplacement(event));
    }

    private void draftReplacement(InvoiceRegenerated event) {
        String invoiceId = event.newInvoiceId();
        if (eventStore.lastSequenceNumberFor(invoiceId).isPresent()) {
            return; // drafted already: a redelivery
        }
        Instant at = event.regeneratedAt();
        List<InvoiceLine> lines = new ArrayList<>(event.lines());
        Money subtotal = lines.stream().map(InvoiceLine::amount).reduce(Money.zero(event.currency()), Money::plus);
        if (!subtotal.isZero() && !subtotal.isNegative()) {
            Money applied = commands.sendAndWait(new ApplyCustomerCredit(event.customerId(), invoiceId, subtotal, at));
            if (!applied.isZero()) {
                lines.add(new InvoiceLine(LineType.CREDIT_APPLIED, "Customer credit applied", 1, null,
                        applied.negate(), event.period()));
            }
        }
        commands.sendAndWait(new DraftInvoice(invoiceId, event.customerId(), event.subscriptionId(),
                event.testClockId(), event.currency(), event.reason(), event.period(), lines, at,
                at.plus(finalizeDelay), event.metadata(), event.invoiceId()));
        if (finalizeDelay.isZero()) {
            commands.sendAndWait(new FinalizeInvoice(invoiceId, at));
        }
    }
}
