package io.billing.ledger.query.payment;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.payment.FindPayment;
import io.billing.ledger.api.payment.FindPaymentAsOf;
import io.billing.ledger.api.payment.ListPayments;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentView;
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
@RequestMapping("/v1/payments")
@Tag(name = "Payments")
@RequiresScope(ApiKeyScope.READ)
public class PaymentQueryController {

    private final QueryGateway queries;

    public PaymentQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List payments (one per charge attempt), newest first; filter by invoice, customer and status")
    @SuppressWarnings("unchecked")
    public ListEnvelope<PaymentView> list(
            @RequestParam(required = false) @Pattern(regexp = Ids.INVOICE_ID) String invoiceId,
            @RequestParam(required = false) @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
            @RequestParam(required = false) @Pattern(regexp = "pending|succeeded|failed|refunded|disputed") String status,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<PaymentView> result = queries.query(new ListPayments(invoiceId, customerId,
                        status == null ? null : PaymentStatus.fromWire(status), new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{paymentId}")
    @Operation(summary = "Retrieve a payment: amount, status, the processor's PaymentIntent, failure codes, refunds",
            description = "With asOf the payment is rebuilt from the events recorded until that instant (by its "
                    + "clock: a test clock's time for a customer on one); 404 when it did not exist yet.")
    public DataEnvelope<PaymentView> get(@PathVariable @Pattern(regexp = Ids.PAYMENT_ID) String paymentId,
                                         @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
                                         @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindPayment.current(paymentId) : new FindPaymentAsOf(paymentId, asOf);
        return DataEnvelope.of(queries.query(query,
                        ResponseTypes.optionalInstanceOf(PaymentView.class)).join()
                .orElseThrow(() -> new NotFoundException("Payment", paymentId)));
    }
}
