package io.billing.ledger.query.history;

import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.HistoryEntry;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Audit trail")
public class HistoryController {

    private final AuditTrail auditTrail;

    public HistoryController(AuditTrail auditTrail) {
        this.auditTrail = auditTrail;
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

    private List<HistoryEntry> history(String resource, String id) {
        List<HistoryEntry> entries = auditTrail.of(id);
        if (entries.isEmpty()) {
            throw new NotFoundException(resource, id);
        }
        return entries;
    }
}
