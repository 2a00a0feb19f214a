package io.billing.ledger.api.invoice;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The invoice's metadata is now {@code metadata} (the whole map, after merging the change). */
public record InvoiceMetadataUpdated(String invoiceId, Map<String, String> metadata, Instant updatedAt) {

    public InvoiceMetadataUpdated {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
