package io.billing.ledger.api.dunning;

import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;
import java.util.List;

/**
 * A dunning case as the API shows it: the seed's DunningState fields under the names, plus
 * what an operator needs (the last failure's kind, whether the ladder is held, the attempts).
 */
public record DunningCaseView(String id,
                              String invoiceId,
                              String subscriptionId,
                              String customerId,
                              DunningStatus status,
                              int retryCount,
                              int maxRetries,
                              Instant nextRetryAt,
                              DunningAction currentAction,
                              String lastFailureCode,
                              String lastDeclineCode,
                              FailureKind lastFailureKind,
                              boolean escalationPaused,
                              boolean retryInFlight,
                              Instant resolvedAt,
                              DunningResolution resolution,
                              String resolutionReason,
                              Instant createdAt,
                              Instant updatedAt,
                              List<DunningAttemptView> attempts,
                              long version) {
}
