package io.billing.ledger.command.invoice;

import io.billing.ledger.command.web.Metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code PATCH /v1/invoices/{id}}: metadata keys to set, or to remove when given as "" or null. */
public record UpdateInvoiceRequest(@Metadata Map<String, Object> metadata) {

    /** The validator let only strings and nulls through. LinkedHashMap: the order given is kept, and a null value (remove) survives. */
    static Map<String, String> changes(Map<String, Object> metadata) {
        Map<String, String> changes = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.forEach((key, value) -> changes.put(key, value == null ? null : value.toString()));
        }
        return changes;
    }
}
