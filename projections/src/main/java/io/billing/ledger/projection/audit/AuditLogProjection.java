package io.billing.ledger.projection.audit;

import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.UsageRecorded;
import io.billing.ledger.projection.invoice.InvoiceViewEvolver;
import io.billing.ledger.projection.support.JsonColumns;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@code audit_log} (docs/audit.md): one row per recorded event with who, what, which
 * resource, and the resource as the REST API showed it just before and just after — the
 * previous row's {@code after}, folded one step by the resource's view evolver
 * ({@link AuditCatalog}). Keyed by the event's global position, so a redelivered event changes
 * nothing; one segment, so a resource's previous row (and an invoice's customer) is always
 * written before the next event is read.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";
    /** Who acted when an event carries no actor (none is recorded without one today). */
    static final String UNKNOWN_ACTOR = "system:unknown";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    public AuditLogProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
        Optional<AuditCatalog.Kind> found = AuditCatalog.of(event.getClass(), domain == null ? null : domain.getType());
        if (found.isEmpty() || !(message instanceof TrackedEventMessage<?>)) {
            return; // not about a resource: nothing to audit
        }
        AuditCatalog.Kind kind = found.get();
        // the event's own place in the store, not the token's: when an event fills a gap (its
        // transaction committed after a later one's) the token's position is the furthest event seen,
        // and keying the entry by it would drop this one as a duplicate of that one
        long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, message.getIdentifier());
        String resourceId = event instanceof UsageRecorded usage ? usage.recordId()
                : event instanceof UsageRecordVoided voided ? voided.recordId()
                : domain == null ? null : domain.getAggregateIdentifier();
        if (resourceId == null) {
            return;
        }
        long version = domain == null ? 0 : domain.getSequenceNumber();
        MetaData metaData = message.getMetaData();
        Object clockTime = metaData.get(ResourceTime.KEY);
        Instant at = ResourceTime.of(clockTime, message.getTimestamp()); // the resource's clock (docs/api.md)

        Object before = previous(resourceId, position, kind.resource());
        if (before instanceof InvoiceView draft && draft.status() == InvoiceStatus.DRAFT) {
            before = billedTo(draft, position); // a draft shows its customer as they are now
        }
        Object after = kind.resource().evolve(before, event, at, version);
        if (after instanceof InvoiceView invoice
                && (invoice.status() == InvoiceStatus.DRAFT || event instanceof InvoiceFinalized)) {
            after = billedTo(invoice, position); // issued to the customer as they are at finalization
        }

        int inserted = jdbc.update("""
                        INSERT INTO audit_log (position, event_id, actor, action, resource_type, resource_id, before,
                            after, request_id, correlation_id, clock_time, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
                        ON CONFLICT (position) DO NOTHING""",
                position, message.getIdentifier(), text(metaData.get("actor"), UNKNOWN_ACTOR), kind.action(),
                kind.resource().name(), resourceId, document(before), document(after),
                text(metaData.get("requestId"), null), text(metaData.get("correlationId"), null),
                clockTime == null ? null : Timestamp.from(at), Timestamp.from(message.getTimestamp()));
        if (inserted == 1) {
            count(message.getTimestamp(), kind, text(metaData.get("actor"), UNKNOWN_ACTOR));
        }
    }

    /** One more entry in its day and month, for its actor and for all actors ({@link AuditLogDirectory}'s totals). */
    private void count(Instant createdAt, AuditCatalog.Kind kind, String actor) {
        LocalDate day = createdAt.atZone(ZoneOffset.UTC).toLocalDate();
        for (String who : List.of(actor, AuditLogDirectory.ALL_ACTORS)) {
            for (Object[] bucket : List.of(new Object[]{"m", Date.valueOf(day.withDayOfMonth(1))},
                    new Object[]{"d", Date.valueOf(day)})) {
                jdbc.update("""
                                INSERT INTO audit_log_counts (actor, span, bucket, resource_type, action, entries)
                                VALUES (?, ?, ?, ?, ?, 1)
                                ON CONFLICT (actor, span, bucket, resource_type, action) DO UPDATE
                                SET entries = audit_log_counts.entries + 1""",
                        who, bucket[0], bucket[1], kind.resource().name(), kind.action());
            }
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE audit_log, audit_log_counts");
    }

    /** The resource as the entry before this one left it (null before its first event, or once deleted). */
    private Object previous(String resourceId, long position, AuditCatalog.Resource<?> resource) {
        List<String> after = jdbc.query("""
                        SELECT after::text FROM audit_log WHERE resource_id = ? AND position < ?
                        ORDER BY position DESC LIMIT 1""",
                (rs, row) -> rs.getString(1), resourceId, position);
        return after.isEmpty() || after.get(0) == null ? null : json.readDocument(after.get(0), resource.view());
    }

    /** The invoice with its customer's name and email as the customer's own entries show them at this position. */
    private InvoiceView billedTo(InvoiceView invoice, long position) {
        if (invoice.customerId() == null) {
            return invoice;
        }
        Object customer = previous(invoice.customerId(), position, AuditCatalog.CUSTOMER);
        return customer instanceof CustomerView c ? InvoiceViewEvolver.withCustomer(invoice, c.name(), c.email())
                : invoice;
    }

    private String document(Object view) {
        return view == null ? null : json.writeDocument(view);
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
