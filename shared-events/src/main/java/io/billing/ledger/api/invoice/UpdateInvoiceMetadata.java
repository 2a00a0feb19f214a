package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Changes a draft's metadata as Stripe does: each key given is set, a key given as "" or null is
 * removed, keys not given stay. {@code atCreation}: the metadata of {@code POST /v1/invoices}, recorded
 * right after the invoice was drafted, even when a zero finalize delay finalized it at once.
 */
public record UpdateInvoiceMetadata(@TargetAggregateIdentifier String invoiceId, Map<String, String> changes,
                                    boolean atCreation) {

    public UpdateInvoiceMetadata {
        changes = changes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }
}
