package io.billing.ledger.command.invoice;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.invoice.CreditNoteLine;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.AwaitInvoicing;
import io.billing.ledger.api.invoice.FindInvoice;
import io.billing.ledger.api.subscription.InvoiceSubscriptionProrations;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.IssueCreditNote;
import io.billing.ledger.api.invoice.MarkInvoiceUncollectible;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.RegenerateInvoice;
import io.billing.ledger.api.invoice.UpdateInvoiceMetadata;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.invoice.VoidInvoice;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

import java.util.List;

@RestController
@RequestMapping("/v1/invoices")
@Tag(name = "Invoices")
@RequiresScope(ApiKeyScope.WRITE)
public class InvoiceCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;
    private final Duration readModelWait;

    public InvoiceCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions,
                                    @Value("${billing.read-model.wait-timeout:PT5S}") Duration readModelWait) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
        this.readModelWait = readModelWait;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invoice a subscription's pending proration lines now (409 when none are pending)")
    public DataEnvelope<InvoiceView> create(@Valid @RequestBody CreateInvoiceRequest request) {
        String invoiceId = Ids.next(Ids.INVOICE); // a fresh id: the request's Idempotency-Key guards a repeat
        commands.sendAndWait(new InvoiceSubscriptionProrations(request.subscriptionId(), invoiceId));
        versions.awaitCreated(invoiceId, readModelWait); // the invoicing processor drafts it from the event
        if (request.metadata() != null && !request.metadata().isEmpty()) {
            // the subscription's event drafts the invoice; its metadata is the invoice's own next event
            commands.sendAndWait(new UpdateInvoiceMetadata(invoiceId, UpdateInvoiceRequest.changes(request.metadata()),
                    true));
        }
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    @PatchMapping("/{invoiceId}")
    @Operation(summary = "Change a draft's metadata: keys given are set, a key given as \"\" or null is removed "
            + "(409 once the invoice is finalized)")
    public DataEnvelope<InvoiceView> update(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId,
                                            @Valid @RequestBody UpdateInvoiceRequest request) {
        commands.sendAndWait(new UpdateInvoiceMetadata(invoiceId, UpdateInvoiceRequest.changes(request.metadata()),
                false));
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    @PostMapping("/{invoiceId}/regenerate")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Draft a replacement for a void invoice: its lines and period under a new id, customer "
            + "credit applied afresh (409 unless void, or when regenerated already)")
    public DataEnvelope<InvoiceView> regenerate(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        String newInvoiceId = Ids.next(Ids.INVOICE); // a fresh id: the request's Idempotency-Key guards a repeat
        commands.sendAndWait(new RegenerateInvoice(invoiceId, newInvoiceId));
        versions.awaitCreated(newInvoiceId, readModelWait); // the invoicing processor drafts it from the event
        return DataEnvelope.of(viewAfterWrite(newInvoiceId));
    }

    @PostMapping("/{invoiceId}/finalize")
    @Operation(summary = "Finalize a draft now: it gets its gapless number and its period takes no more usage")
    public DataEnvelope<InvoiceView> finalizeNow(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        commands.sendAndWait(new FinalizeInvoice(invoiceId, null));
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    @PostMapping("/{invoiceId}/void")
    @Operation(summary = "Void an open invoice")
    public DataEnvelope<InvoiceView> voidInvoice(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        commands.sendAndWait(new VoidInvoice(invoiceId));
        // the credit the invoice took goes back to the customer after this transaction: answer once it did
        queries.query(new AwaitInvoicing(), Boolean.class).join();
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    @PostMapping("/{invoiceId}/mark-uncollectible")
    @Operation(summary = "Mark an open invoice uncollectible (it can still be paid later)")
    public DataEnvelope<InvoiceView> markUncollectible(
            @PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        commands.sendAndWait(new MarkInvoiceUncollectible(invoiceId));
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    @PostMapping("/{invoiceId}/pay")
    @Operation(summary = "Charge the customer's default payment method now (a new attempt), or record a payment "
            + "made outside the ledger ({\"paidOutOfBand\": true})",
            description = "Without a body (or with paidOutOfBand false) the answer comes once the attempt has an "
                    + "outcome (paid, or still open with a failed or waiting payment: see /v1/payments?invoiceId=), "
                    + "or after the read-model wait. A draft, paid or void invoice is a 409.")
    public DataEnvelope<InvoiceView> pay(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId,
                                         @Valid @RequestBody(required = false) PayInvoiceRequest request) {
        if (request != null && Boolean.TRUE.equals(request.paidOutOfBand())) {
            commands.sendAndWait(new PayInvoice(invoiceId, true));
            return DataEnvelope.of(viewAfterWrite(invoiceId));
        }
        Integer attempt = commands.sendAndWait(new RequestInvoicePayment(invoiceId, null));
        if (attempt != null) {
            awaitPaymentOutcome(invoiceId, versions.of(invoiceId));
        }
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    /** The payment saga records the attempt's outcome on the invoice: wait for that event, within the read-model wait. */
    private void awaitPaymentOutcome(String invoiceId, long requested) {
        long deadline = System.nanoTime() + readModelWait.toNanos();
        long pause = 2;
        while (versions.of(invoiceId) <= requested && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    @PostMapping("/{invoiceId}/credit-notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Credit a finalized invoice: lowers what an open one owes, or becomes customer credit on a paid one")
    public DataEnvelope<InvoiceView> creditNote(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId,
                                                @Valid @RequestBody CreditNoteRequest request) {
        List<CreditNoteLine> lines = request.lines() == null ? List.of() : request.lines().stream()
                .map(line -> new CreditNoteLine(line.description(), Money.of(line.amountCents(), currencyOf(invoiceId))))
                .toList();
        commands.sendAndWait(new IssueCreditNote(invoiceId, "cn_" + java.util.UUID.randomUUID(),
                request.amountCents(), request.reason(), lines));
        return DataEnvelope.of(viewAfterWrite(invoiceId));
    }

    private String currencyOf(String invoiceId) {
        return queries.query(FindInvoice.current(invoiceId), ResponseTypes.optionalInstanceOf(InvoiceView.class)).join()
                .map(InvoiceView::currency)
                .orElseThrow(() -> new io.billing.ledger.api.error.NotFoundException("Invoice", invoiceId));
    }

    private InvoiceView viewAfterWrite(String invoiceId) {
        return queries.query(new FindInvoice(invoiceId, versions.of(invoiceId)),
                        ResponseTypes.optionalInstanceOf(InvoiceView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(invoiceId));
    }
}
