package io.billing.ledger.server.axon;

import io.billing.ledger.api.usage.UsageRecorded;
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

import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs each event handler of a dead-lettering projection inside a savepoint of its batch's
 * transaction. PostgreSQL aborts the whole transaction on a refused statement; without the
 * savepoint the dead letter could not be written and every other event of the batch would be
 * lost with it, so the batch would fail for ever, exactly the stall the queue is there to end.
 * Rolled back to the savepoint, the event leaves no partial write and the batch goes on.
 * <p>
 * {@code UsageRecorded} is left out: its handler only collects a row for the batch's one
 * multi-row insert at commit (the hot path), so a savepoint would cost two round trips per
 * record and protect nothing.
 */
public class HandlerSavepoints implements HandlerEnhancerDefinition {

    private static final TransactionDefinition SAVEPOINT =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final Supplier<Set<String>> deadLetteringGroups;
    private final Supplier<PlatformTransactionManager> transactions;

    public HandlerSavepoints(Supplier<Set<String>> deadLetteringGroups,
                             Supplier<PlatformTransactionManager> transactions) {
        this.deadLetteringGroups = deadLetteringGroups;
        this.transactions = transactions;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || !deadLetteringGroups.get().contains(group.value())
                || !original.canHandleMessageType(EventMessage.class)
                || original.payloadType().equals(UsageRecorded.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                PlatformTransactionManager manager = transactions.get();
                TransactionStatus savepoint = manager.getTransaction(SAVEPOINT);
                Object result;
                try {
                    result = super.handle(message, target);
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
        };
    }
}
