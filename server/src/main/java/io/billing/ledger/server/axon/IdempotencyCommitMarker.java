package io.billing.ledger.server.axon;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.server.web.IdempotencyClaim;
import io.billing.ledger.server.web.IdempotencyKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Marks the current request's idempotency key {@code committed}, with the aggregate it
 * produced, in the very transaction that appends the command's events: the event bus runs
 * its dispatch interceptors in the root unit of work's prepare-commit phase, right before
 * the append, on the Spring-managed transaction the JdbcTemplate joins. So "committed" is
 * recorded if and only if the events are.
 */
public class IdempotencyCommitMarker implements MessageDispatchInterceptor<EventMessage<?>> {

    private final IdempotencyKeys keys;

    public IdempotencyCommitMarker(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> events) {
        IdempotencyClaim claim = IdempotencyClaim.current();
        if (claim != null && !events.isEmpty() && CurrentUnitOfWork.isStarted()
                && TransactionSynchronizationManager.isActualTransactionActive()
                && !keys.markCommitted(claim.apiKeyId(), claim.key(), claim.token(), resourceOf(events))) {
            throw new ConflictException("This request's Idempotency-Key was taken over by a retry after its lease "
                    + "expired; nothing was changed by this request");
        }
        return (index, event) -> event;
    }

    /** The aggregate the request created (its first event), else the first one it changed. */
    static String resourceOf(List<? extends EventMessage<?>> events) {
        String first = null;
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain) {
                if (domain.getSequenceNumber() == 0) {
                    return domain.getAggregateIdentifier();
                }
                if (first == null) {
                    first = domain.getAggregateIdentifier();
                }
            }
        }
        return first;
    }
}
