package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.projection.support.JsonColumns;
import io.billing.ledger.api.common.ResourceTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.annotation.SourceId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds the invoice directory: the whole view as JSON, folded by {@link InvoiceViewEvolver},
 * beside the columns lists filter and sort on. Invoice events do not name the customer, so
 * the processor also keeps {@code invoice_customers} (name and email) from the customer's
 * events: a draft shows the customer as they are now, a finalized invoice keeps the name and
 * email it was issued to. Each row remembers the sequence number of the last event it
 * applied, so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(InvoiceDirectoryProjection.PROCESSING_GROUP)
public class InvoiceDirectoryProjection {

    public static final String PROCESSING_GROUP = "invoice-directory";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    public InvoiceDirectoryProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long version) {
        int inserted = jdbc.update("""
                        INSERT INTO invoice_customers (customer_id, name, email, version)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (customer_id) DO NOTHING""",
                event.customerId(), event.name(), event.email(), version);
        if (inserted > 0) {
            refreshDrafts(event.customerId(), event.name(), event.email());
        }
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long version) {
        int updated = jdbc.update("""
                        UPDATE invoice_customers SET name = ?, email = ?, version = ?
                        WHERE customer_id = ? AND version < ?""",
                event.name(), event.email(), version, event.customerId(), version);
        if (updated > 0) {
            refreshDrafts(event.customerId(), event.name(), event.email());
        }
    }

    @EventHandler
    void on(InvoiceDrafted event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        InvoiceView view = billedTo(InvoiceViewEvolver.apply(null, event, at, version));
        jdbc.update("""
                        INSERT INTO invoice_directory (id, number, customer_id, subscription_id, status, created_at,
                            version, view)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                        ON CONFLICT (id) DO NOTHING""",
                view.id(), view.invoiceNumber(), view.customerId(), view.subscriptionId(), view.status().wire(),
                java.sql.Timestamp.from(view.createdAt()), version, json.writeDocument(view));
    }

    @EventHandler
    void on(InvoiceFinalized event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.invoiceId(), event, version, at);
    }

    @EventHandler
    void on(InvoicePaid event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.invoiceId(), event, version, at);
    }

    @EventHandler
    void on(InvoicePaymentRequested event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        evolve(event.invoiceId(), event, version, ResourceTime.of(clockTime, recordedAt));
    }

    @EventHandler
    void on(InvoicePaymentFailed event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        evolve(event.invoiceId(), event, version, ResourceTime.of(clockTime, recordedAt));
    }

    @EventHandler
    void on(InvoicePaymentActionRequired event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        evolve(event.invoiceId(), event, version, ResourceTime.of(clockTime, recordedAt));
    }

    @EventHandler
    void on(InvoiceVoided event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.invoiceId(), event, version, at);
    }

    @EventHandler
    void on(InvoiceMarkedUncollectible event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.invoiceId(), event, version, at);
    }

    @EventHandler
    void on(InvoiceMetadataUpdated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        evolve(event.invoiceId(), event, version, ResourceTime.of(clockTime, recordedAt));
    }

    @EventHandler
    void on(InvoiceRegenerated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        evolve(event.invoiceId(), event, version, ResourceTime.of(clockTime, recordedAt));
    }

    @EventHandler
    void on(CreditNoteIssued event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.invoiceId(), event, version, at);
    }

    /**
     * Finalizing a metered invoice also closes its usage period, as an event of the invoice.
     * The view does not change, but its version must follow the aggregate's, or a read after
     * the finalization would wait for a version this row never reaches.
     */
    @EventHandler
    void on(UsagePeriodClosed event, @SourceId String invoiceId, @SequenceNumber long version) {
        jdbc.update("UPDATE invoice_directory SET version = ?, view = jsonb_set(view, '{version}', to_jsonb(?::bigint)) "
                + "WHERE id = ? AND version < ?", version, version, invoiceId, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE invoice_directory, invoice_customers");
    }

    /** Folds the event into the stored view; skipped when the row has it already (or does not exist). */
    private void evolve(String invoiceId, Object event, long version, Instant at) {
        InvoiceView current = read(invoiceId).orElse(null);
        if (current == null || current.version() >= version) {
            return;
        }
        InvoiceView next = InvoiceViewEvolver.apply(current, event, at, version);
        if (event instanceof InvoiceFinalized) {
            next = billedTo(next); // issued to the customer as they are at finalization
        }
        jdbc.update("""
                        UPDATE invoice_directory SET number = ?, customer_id = ?, subscription_id = ?, status = ?,
                            view = ?::jsonb, version = ?
                        WHERE id = ? AND version < ?""",
                next.invoiceNumber(), next.customerId(), next.subscriptionId(), next.status().wire(),
                json.writeDocument(next), version, invoiceId, version);
    }

    /** The view with the customer's name and email as this processor knows them (unchanged if it does not). */
    private InvoiceView billedTo(InvoiceView view) {
        List<String[]> customer = jdbc.query("SELECT name, email FROM invoice_customers WHERE customer_id = ?",
                (rs, row) -> new String[]{rs.getString("name"), rs.getString("email")}, view.customerId());
        return customer.isEmpty() ? view
                : InvoiceViewEvolver.withCustomer(view, customer.get(0)[0], customer.get(0)[1]);
    }

    /** A draft shows the customer as they are now; a finalized invoice keeps whom it was issued to. */
    private void refreshDrafts(String customerId, String name, String email) {
        List<InvoiceView> drafts = jdbc.query("SELECT view FROM invoice_directory WHERE customer_id = ? AND status = ?",
                (rs, row) -> json.readDocument(rs.getString("view"), InvoiceView.class), customerId,
                InvoiceStatus.DRAFT.wire());
        for (InvoiceView draft : drafts) {
            // the invoice's version stays: this is not an invoice event
            jdbc.update("UPDATE invoice_directory SET view = ?::jsonb WHERE id = ? AND version = ? AND status = ?",
                    json.writeDocument(InvoiceViewEvolver.withCustomer(draft, name, email)), draft.id(),
                    draft.version(), InvoiceStatus.DRAFT.wire());
        }
    }

    private Optional<InvoiceView> read(String invoiceId) {
        return jdbc.query("SELECT view FROM invoice_directory WHERE id = ?",
                        (rs, row) -> json.readDocument(rs.getString("view"), InvoiceView.class), invoiceId)
                .stream().findFirst();
    }
}
