package io.billing.ledger.query.dunning;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.DunningStatus;
import io.billing.ledger.api.dunning.FindDunningCase;
import io.billing.ledger.api.dunning.FindDunningCaseAsOf;
import io.billing.ledger.api.dunning.ListDunningCases;
import io.billing.ledger.api.error.NotFoundException;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@Tag(name = "Dunning")
@RequiresScope(ApiKeyScope.READ)
public class DunningQueryController {

    private final QueryGateway queries;

    public DunningQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/dunning")
    @Operation(summary = "List dunning cases, newest first; filter by status, subscription and customer")
    @SuppressWarnings("unchecked")
    public ListEnvelope<DunningCaseView> list(
            @RequestParam(required = false) @Pattern(regexp = "active|resolved|exhausted") String status,
            @RequestParam(required = false) @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @RequestParam(required = false) @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<DunningCaseView> result = queries.query(new ListDunningCases(
                        status == null ? null : DunningStatus.fromWire(status), subscriptionId, customerId,
                        new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/v1/dunning/{dunningId}")
    @Operation(summary = "Retrieve a dunning case: its retries, next retry, escalation and resolution",
            description = "With asOf the case is rebuilt from the events recorded until that instant (by its "
                    + "clock: a test clock's time for a customer on one); 404 when it did not exist yet.")
    public DataEnvelope<DunningCaseView> get(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId,
                                             @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
                                             @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindDunningCase.byId(dunningId) : new FindDunningCaseAsOf(dunningId, asOf);
        return DataEnvelope.of(queries.query(query,
                        ResponseTypes.optionalInstanceOf(DunningCaseView.class)).join()
                .orElseThrow(() -> new NotFoundException("Dunning case", dunningId)));
    }

    @GetMapping("/v1/invoices/{invoiceId}/dunning")
    @Operation(summary = "The dunning case of an invoice (404 when none was opened)")
    public DataEnvelope<DunningCaseView> ofInvoice(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        return DataEnvelope.of(queries.query(FindDunningCase.ofInvoice(invoiceId),
                        ResponseTypes.optionalInstanceOf(DunningCaseView.class)).join()
                .orElseThrow(() -> new NotFoundException("No dunning case for invoice " + invoiceId)));
    }
}
