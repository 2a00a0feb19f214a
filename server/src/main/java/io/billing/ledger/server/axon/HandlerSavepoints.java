package io.billing.ledger.server.axon;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Lets a dead-lettering projection park an event without losing its batch. PostgreSQL
 * aborts the whole transaction on a refused statement, and a processor's batch (up to
 * hundreds of events) is one transaction: the dead letter could not be written in it, and a
 * handler's partial writes would be committed with it.
 * <p>
 * So the first failure of a handler is not parked: it fails the batch
 * ({@link RetryInSavepoints}), which rolls back whole, and arms <em>careful mode</em> for
 * the group. The processor retries the batch after its back-off; in careful mode each handler
 * runs in a savepoint of the batch's transaction and a failure rolls back to it, leaving no
 * partial write and a usable transaction in which the event is parked. Careful mode lasts
 * for the next {@value #CAREFUL_EVENTS} events handled by the group, several batches, enough
 * for the retried batch to reach the failing event. Healthy processing pays nothing: a
 * savepoint per event would cost two more round trips per event (measured with single-row
 * inserts: two to four times the time per event).
 */
public class HandlerSavepoints implements HandlerEnhancerDefinition {

    static final long CAREFUL_EVENTS = 10_000;

    private static final TransactionDefinition SAVEPOINT =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final Supplier<Set<String>> deadLetteringGroups;
    private final Supplier<PlatformTransactionManager> transactions;
    private final Map<String, AtomicLong> carefulEventsLeft = new ConcurrentHashMap<>();

    public HandlerSavepoints(Supplier<Set<String>> deadLetteringGroups,
                             Supplier<PlatformTransactionManager> transactions) {
        this.deadLetteringGroups = deadLetteringGroups;
        this.transactions = transactions;
    }

    /** Careful mode for the group now, e.g. before its dead letters are processed again. */
    public void armFor(String group) {
        carefulEventsLeft(group).set(CAREFUL_EVENTS);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || !deadLetteringGroups.get().contains(group.value())
                || !original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        AtomicLong careful = carefulEventsLeft(group.value());
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                if (careful.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    return inSavepoint(() -> super.handle(message, target));
                }
                try {
                    return super.handle(message, target);
                } catch (Exception failure) {
                    if (HandlerFailures.isTransient(failure)) {
                        throw failure; // retried as it is (PoisonEventPolicy), nothing to park
                    }
                    careful.set(CAREFUL_EVENTS);
                    throw new RetryInSavepoints(failure);
                }
            }
        };
    }

    private Object inSavepoint(Handling handling) throws Exception {
        PlatformTransactionManager manager = transactions.get();
        TransactionStatus savepoint = manager.getTransaction(SAVEPOINT);
        Object result;
        try {
            result = handling.handle();
        } catch (Exception | Error failure) {
            try {
                manager.rollback(savepoint);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        manager.commit(savepoint);
        return result;
    }

    private AtomicLong carefulEventsLeft(String group) {
        return carefulEventsLeft.computeIfAbsent(group, name -> new AtomicLong());
    }

    private interface Handling {
        Object handle() throws Exception;
    }

    /** A handler failed outside a savepoint: its batch must roll back and be retried in careful mode. */
    public static class RetryInSavepoints extends RuntimeException {
        RetryInSavepoints(Throwable cause) {
            super("an event handler failed; its batch is retried with a savepoint per event", cause);
        }
    }
}
