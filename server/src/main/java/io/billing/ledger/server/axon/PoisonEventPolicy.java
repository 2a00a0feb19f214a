package io.billing.ledger.server.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which failed events a projection parks in its dead-letter queue. A permanent failure (the
 * database refuses the data, the handler breaks on it) is parked, with a cause an operator
 * may read ({@link HandlerFailures#describe}). A transient failure (the database is away,
 * a deadlock) is thrown on: the processor's batch rolls back and the processor retries it with
 * back-off, as before, so an outage does not dead-letter every event that arrives during it.
 */
public class PoisonEventPolicy implements EnqueuePolicy<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(PoisonEventPolicy.class);

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (cause instanceof HandlerSavepoints.RetryInSavepoints firstFailure) {
            throw firstFailure; // the batch rolls back and is retried event by event (HandlerSavepoints)
        }
        if (HandlerFailures.isTransient(cause)) {
            throw new TransientHandlerFailure(cause);
        }
        log.warn("Event {} ({}) could not be applied and is parked in the dead-letter queue",
                letter.message().getIdentifier(), letter.message().getPayloadType().getSimpleName(), cause);
        return Decisions.enqueue(new UnappliedEvent(HandlerFailures.describe(cause)));
    }

    /** Thrown on to the processor, which retries the batch; the original failure is its cause. */
    static class TransientHandlerFailure extends RuntimeException {
        TransientHandlerFailure(Throwable cause) {
            super("transient failure, the event will be retried: " + cause.getMessage(), cause);
        }
    }

    /** The cause stored with a dead letter: a readable message, no stack trace, no row values. */
    static class UnappliedEvent extends RuntimeException {
        UnappliedEvent(String message) {
            super(message, null, false, false);
        }
    }
}
