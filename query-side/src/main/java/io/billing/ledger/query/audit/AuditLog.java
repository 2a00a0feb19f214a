package io.billing.ledger.query.audit;

import io.billing.ledger.api.audit.AuditEntry;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.projection.audit.AuditCatalog;
import io.billing.ledger.projection.audit.AuditLogDirectory;
import io.billing.ledger.projection.support.JsonColumns;
import org.springframework.stereotype.Component;

/**
 * Entries of the audit log in their wire shape. {@code before} and {@code after} are read back
 * into the resource's view, so the web mapper writes them exactly as the resource's own GET does
 * (field order included, which JSONB does not keep).
 */
@Component
public class AuditLog {

    private final AuditLogDirectory directory;
    private final JsonColumns json;

    public AuditLog(AuditLogDirectory directory, JsonColumns json) {
        this.directory = directory;
        this.json = json;
    }

    public PageResult<AuditEntry> list(AuditLogDirectory.Filter filter, PageRequest page) {
        PageResult<AuditLogDirectory.Row> rows = directory.list(filter, page);
        return new PageResult<>(rows.items().stream().map(this::entry).toList(), rows.page(), rows.pageSize(),
                rows.totalCount());
    }

    private AuditEntry entry(AuditLogDirectory.Row row) {
        Class<?> view = AuditCatalog.resource(row.resourceType()).map(AuditCatalog.Resource::view)
                .orElseThrow(() -> new IllegalStateException("unknown resource type " + row.resourceType()));
        return new AuditEntry(row.eventId(), row.actor(), row.action(), row.resourceType(), row.resourceId(),
                json.readDocument(row.before(), view), json.readDocument(row.after(), view),
                new AuditEntry.Metadata(row.requestId(), row.correlationId(), row.position(), row.clockTime()),
                row.createdAt());
    }
}
