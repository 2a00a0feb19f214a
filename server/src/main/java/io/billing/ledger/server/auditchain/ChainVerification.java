package io.billing.ledger.server.auditchain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The answer of {@code GET /v1/audit/verify} (docs/audit.md, "Verifying"). {@code ok}: every link
 * up to the head recomputes from the event rows. {@code broken}: the first position where it does
 * not, and why ({@link Reason}); the fields of the other case are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(String status,
                                Long headPosition,
                                String headHash,
                                Instant headSealedAt,
                                long checkedEvents,
                                Long position,
                                String reason,
                                String eventId,
                                String sealedHash,
                                String computedHash,
                                Instant verifiedAt) {

    /** Why the chain breaks at a position, by the first position where it does. */
    public enum Reason {
        /** A link and an event row at this position, but the hash recomputed from the row differs from the link's. */
        EVENT_CHANGED,
        /** A link at this position, and no event row there any more. */
        EVENT_REMOVED,
        /** An event row at this position, below the chain's head, without a link: it was not there when sealing passed. */
        EVENT_INSERTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ChainVerification ok(AuditChainSealer.Link head, Instant headSealedAt, long checked, Instant at) {
        return new ChainVerification("ok", head.position(), ChainHash.hex(head.hash()), headSealedAt, checked,
                null, null, null, null, null, at);
    }

    static ChainVerification broken(long position, Reason reason, String eventId, byte[] sealed, byte[] computed,
                                    long checked, Instant at) {
        return new ChainVerification("broken", null, null, null, checked, position, reason.wire(), eventId,
                sealed == null ? null : ChainHash.hex(sealed), computed == null ? null : ChainHash.hex(computed), at);
    }
}
