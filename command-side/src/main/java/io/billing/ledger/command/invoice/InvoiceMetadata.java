package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.command.web.Metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/** An invoice's metadata rules: changed only while a draft, merged as Stripe merges it (docs/api.md). */
final class InvoiceMetadata {

    private InvoiceMetadata() {
    }

    /**
     * Not a state transition (the invoice stays what it is), so the 409 names no transitions.
     * Metadata given when the invoice is created is recorded whatever its state: a zero finalize
     * delay finalizes a manual invoice in the very transaction that drafts it.
     */
    static void requireChangeable(String invoiceId, InvoiceStatus status, boolean atCreation) {
        if (status != InvoiceStatus.DRAFT && !atCreation) {
            throw new ConflictException("Invoice " + invoiceId + " is " + status.wire()
                    + "; its metadata can be changed only while it is a draft");
        }
    }

    /** Each key given is set; a key given as "" or null is removed; keys not given stay. At most 50 keys in all. */
    static Map<String, String> merge(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (merged.size() > Metadata.MAX_KEYS) {
            throw new InvalidRequestException("metadata", "too_many_keys", "An invoice may hold at most "
                    + Metadata.MAX_KEYS + " metadata keys; this change would leave " + merged.size());
        }
        return merged;
    }
}
