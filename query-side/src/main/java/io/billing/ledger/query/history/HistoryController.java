package io.billing.ledger.query.history;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.HistoryEntry;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Audit trail")
@RequiresScope(ApiKeyScope.READ)
public class HistoryController {

    private final AuditTrail auditTrail;
    private final boolean testMode;

    // @Value, not a record: billing.test-mode.enabled is no user setting but derived at start by the
    // server's StartupSettings (from BILLING_TEST_MODE, which it checks, or DATABASE_URL)
    public HistoryController(AuditTrail auditTrail, @Value("${billing.test-mode.enabled:false}") boolean testMode) {
        this.auditTrail = auditTrail;
        this.testMode = testMode;
    }

    @GetMapping("/v1/plans/{planId}/history")
    @Operation(summary = "Every recorded change of a plan, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> plan(@PathVariable @Pattern(regexp = Ids.PLAN_ID) String planId) {
        return DataEnvelope.of(history("Plan", planId));
    }

    @GetMapping("/v1/customers/{customerId}/history")
    @Operation(summary = "Every recorded change of a customer, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> customer(
            @PathVariable @Pattern(regexp = Ids.CUSTOMER_ID) String customerId) {
        return DataEnvelope.of(history("Customer", customerId));
    }

    @GetMapping("/v1/subscriptions/{subscriptionId}/history")
    @Operation(summary = "Every recorded change of a subscription, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> subscription(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId) {
        return DataEnvelope.of(history("Subscription", subscriptionId));
    }

    @GetMapping("/v1/invoices/{invoiceId}/history")
    @Operation(summary = "Every recorded change of an invoice, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> invoice(@PathVariable @Pattern(regexp = Ids.INVOICE_ID) String invoiceId) {
        return DataEnvelope.of(history("Invoice", invoiceId));
    }

    @GetMapping("/v1/payments/{paymentId}/history")
    @Operation(summary = "Every recorded change of a payment, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> payment(@PathVariable @Pattern(regexp = Ids.PAYMENT_ID) String paymentId) {
        return DataEnvelope.of(history("Payment", paymentId));
    }

    @GetMapping("/v1/dunning/{dunningId}/history")
    @Operation(summary = "Every recorded change of a dunning case, oldest first, with actor and request id")
    public DataEnvelope<List<HistoryEntry>> dunning(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId) {
        return DataEnvelope.of(history("Dunning case", dunningId));
    }

    @GetMapping("/v1/test-clocks/{testClockId}/history")
    @Operation(summary = "Every recorded change of a test clock, oldest first, with actor and request id",
            description = "Test clocks exist only in test mode (BILLING_TEST_MODE); otherwise every id answers 404.")
    public DataEnvelope<List<HistoryEntry>> testClock(
            @PathVariable @Pattern(regexp = Ids.TEST_CLOCK_ID) String testClockId) {
        if (!testMode) {
            throw new NotFoundException("Test clock", testClockId);
        }
        return DataEnvelope.of(history("Test clock", testClockId));
    }

    private List<HistoryEntry> history(String resource, String id) {
        List<HistoryEntry> entries = auditTrail.of(id);
        if (entries.isEmpty()) {
            throw new NotFoundException(resource, id);
        }
        return entries;
    }
}
