package io.billing.ledger.query.audit;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.audit.AuditEntry;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.projection.audit.AuditCatalog;
import io.billing.ledger.projection.audit.AuditLogDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The audit trail of every resource at once: an admin's tool (docs/audit.md). */
@RestController
@Tag(name = "Audit trail")
@RequiresScope(ApiKeyScope.ADMIN)
public class AuditController {

    private final AuditLog auditLog;

    public AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/v1/audit")
    @Operation(summary = "Who did what to which resource, with the resource before and after; newest first",
            description = "Every recorded event, as the audit log (docs/audit.md) names it. from is inclusive, "
                    + "to exclusive; resourceType and action must be names the log uses.")
    public ListEnvelope<AuditEntry> list(
            @Parameter(description = "Plan, Customer, Subscription, Invoice, Payment, DunningCase, ApiKey, "
                    + "WebhookSubscription, TestClock or UsageRecord")
            @RequestParam(required = false) String resourceType,
            @RequestParam(required = false) @Pattern(regexp = Ids.PATTERN) String resourceId,
            @Parameter(description = "an API key id, cli:<key id>, or system:<component>")
            @RequestParam(required = false) @Size(min = 1, max = 255) String actor,
            @Parameter(description = "a dotted action, e.g. subscription.canceled")
            @RequestParam(required = false) String action,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z (inclusive)")
            @RequestParam(required = false) Instant from,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-02-01T00:00:00Z (exclusive)")
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        if (resourceType != null && AuditCatalog.resource(resourceType).isEmpty()) {
            throw new InvalidRequestException("resourceType", "invalid",
                    "resourceType must be one of " + String.join(", ", AuditCatalog.resourceTypes()));
        }
        if (action != null && !AuditCatalog.actions().contains(action)) {
            throw new InvalidRequestException("action", "invalid",
                    "action '" + action + "' is not one the audit log records (docs/audit.md lists them)");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidRequestException("to", "not_after_from", "to must be later than from");
        }
        return ListEnvelope.of(auditLog.list(
                new AuditLogDirectory.Filter(resourceType, resourceId, actor, action, from, to),
                new PageRequest(page, pageSize)));
    }
}
