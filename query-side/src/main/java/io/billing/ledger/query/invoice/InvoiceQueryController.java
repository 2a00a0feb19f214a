package io.billing.ledger.query.invoice;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.invoice.FindInvoice;
import io.billing.ledger.api.invoice.FindInvoiceAsOf;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.ListInvoices;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@RequestMapping("/v1/invoices")
@Tag(name = "Invoices")
@RequiresScope(ApiKeyScope.READ)
public class InvoiceQueryController {

    private final QueryGateway queries;

    public InvoiceQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List invoices, newest first; filter by subscription, customer, status and creation time",
            description = "createdAfter (inclusive) and createdBefore (exclusive) bound the time the invoice was drafted.")
    @SuppressWarnings("unchecked")
    public ListEnvelope<InvoiceView> list(
            @RequestParam(required = false) @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @RequestParam(required = false) @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
            @RequestParam(required = false) @Pattern(regexp = "draft|open|paid|void|uncollectible") String status,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z (inclusive)")
            @RequestParam(name = "createdAfter", required = false) Instant from,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-02-01T00:00:00Z (exclusive)")
            @RequestParam(name = "createdBefore", required = false) Instant to,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidRequestException("createdBefore", "not_after_created_after",
                    "createdBefore must be later than createdAfter");
        }
        PageResult<InvoiceView> result = queries.query(
                new ListInvoices(subscriptionId, customerId, status == null ? null : InvoiceStatus.fromWire(status),
                        from, to, new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{invoiceId}")
    @Operation(summary = "Retrieve an invoice: customer, period, number, dates, lines, totals and credit notes",
            description = "With asOf the invoice is rebuilt from the events recorded until that instant (by its "
                    + "clock: a test clock's time for a customer on one); 404 when it did not exist yet.")
    public DataEnvelope<InvoiceView> get(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId,
                                         @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
                                         @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindInvoice.current(invoiceId) : new FindInvoiceAsOf(invoiceId, asOf);
        return DataEnvelope.of(queries.query(query,
                        ResponseTypes.optionalInstanceOf(InvoiceView.class)).join()
                .orElseThrow(() -> new NotFoundException("Invoice", invoiceId)));
    }
}
