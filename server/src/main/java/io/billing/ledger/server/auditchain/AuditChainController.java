package io.billing.ledger.server.auditchain;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The audit chain for auditors (admin scope): verify it end to end, and note its head down elsewhere. */
@RestController
@RequestMapping("/v1/audit")
@Tag(name = "Audit chain")
@RequiresScope(ApiKeyScope.ADMIN)
public class AuditChainController {

    private final AuditChainVerifier verifier;

    public AuditChainController(AuditChainVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/verify")
    @Operation(summary = "Recompute the hash chain over the event store; ok with the head, or the first position where it breaks",
            description = "status ok: headPosition, headHash, headSealedAt, checkedEvents. status broken: position, "
                    + "reason (event_changed, event_removed, event_inserted), eventId, sealedHash, computedHash, "
                    + "checkedEvents (links that verified before it). Events not sealed yet are not judged.")
    public DataEnvelope<ChainVerification> verify() {
        return DataEnvelope.of(verifier.verify());
    }

    @GetMapping("/head")
    @Operation(summary = "The last sealed link of the chain: position, hash and when it was sealed",
            description = "Position 0 with 64 zeros (the first link's previous hash) while nothing is sealed.")
    public DataEnvelope<ChainHead> head() {
        AuditChainVerifier.SealedLink head = verifier.head();
        return DataEnvelope.of(new ChainHead(head.position(), ChainHash.hex(head.hash()), head.sealedAt()));
    }

    public record ChainHead(long position, String hash, Instant sealedAt) {
    }
}
