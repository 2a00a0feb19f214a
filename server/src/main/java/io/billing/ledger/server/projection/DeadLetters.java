package io.billing.ledger.server.projection;

import io.billing.ledger.server.axon.HandlerSavepoints;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parked events of each dead-lettering projection, for operators: count, list, process
 * again, drop. A sequence is one aggregate's parked events (its id is the aggregate id): the
 * first one failed, the later ones wait behind it so that they are applied in order.
 */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final HandlerSavepoints savepoints;

    public DeadLetters(EventProcessingConfiguration processing, TransactionManager transactions, JdbcTemplate jdbc,
                       HandlerSavepoints savepoints) {
        this.processing = processing;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.savepoints = savepoints;
    }

    /** The processors that park failed events (every pooled projection). */
    public Set<String> processors() {
        Set<String> names = new TreeSet<>();
        processing.eventProcessors().keySet().forEach(name -> {
            if (queue(name).isPresent()) {
                names.add(name);
            }
        });
        return names;
    }

    public boolean exists(String processor) {
        return queue(processor).isPresent();
    }

    /** How many events the processor holds parked (0 for a processor without a queue). */
    public long count(String processor) {
        return queue(processor).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /**
     * The parked events, oldest first: where they are in the store and why they failed,
     * never their payload (it may carry customer data).
     */
    public List<DeadLetterView> list(String processor) {
        return jdbc.query("""
                        SELECT d.sequence_identifier, d.sequence_index, d.payload_type, d.aggregate_identifier,
                               d.sequence_number, d.event_identifier, e.global_index, d.enqueued_at, d.last_touched,
                               d.cause_message
                        FROM dead_letter_entry d
                        LEFT JOIN domain_event_entry e ON e.event_identifier = d.event_identifier
                        WHERE d.processing_group = ?
                        ORDER BY e.global_index NULLS LAST, d.sequence_identifier, d.sequence_index
                        LIMIT 1000""",
                (rs, row) -> new DeadLetterView(
                        rs.getString("sequence_identifier"),
                        rs.getLong("sequence_index"),
                        simpleName(rs.getString("payload_type")),
                        rs.getString("aggregate_identifier"),
                        (Long) rs.getObject("sequence_number"),
                        rs.getString("event_identifier"),
                        (Long) rs.getObject("global_index"),
                        instant(rs.getString("enqueued_at")),
                        instant(rs.getString("last_touched")),
                        rs.getString("cause_message")),
                processor);
    }

    /**
     * Processes every parked sequence once more, each from its first event, in order. A
     * sequence that fails again stays parked (its cause and last-touched time updated); the
     * sequences are tried least recently touched first, so one that keeps failing does not
     * keep the others from their turn.
     */
    public RetryOutcome retry(String processor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor).orElseThrow();
        SequencedDeadLetterProcessor<EventMessage<?>> letters =
                processing.sequencedDeadLetterProcessor(processor).orElseThrow();
        long sequences = queue.amountOfSequences();
        int processed = 0;
        for (long attempt = 0; attempt < sequences; attempt++) {
            // a letter that fails again must be requeued in the same transaction: keep it usable
            savepoints.armFor(processor);
            if (letters.process(letter -> true)) {
                processed++;
            }
        }
        return new RetryOutcome(processed, queue.amountOfSequences(), queue.size());
    }

    /** Drops one aggregate's parked events for good; false when it had none. */
    public boolean drop(String processor, String sequenceId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor).orElseThrow();
        return transactions.fetchInTransaction(() -> {
            List<DeadLetter<? extends EventMessage<?>>> sequence = new ArrayList<>();
            queue.deadLetterSequence(sequenceId).forEach(sequence::add);
            sequence.forEach(queue::evict);
            return !sequence.isEmpty();
        });
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        return processing.deadLetterQueue(processor);
    }

    /** Axon keeps these times as ISO-8601 text; the API shows them as every other time. */
    private static java.time.Instant instant(String iso) {
        return iso == null ? null : java.time.Instant.parse(iso);
    }

    private static String simpleName(String type) {
        return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
    }

    /** One parked event as operators see it. */
    public record DeadLetterView(String sequenceId, long indexInSequence, String eventType, String aggregateId,
                                 Long aggregateSequenceNumber, String eventId, Long globalIndex,
                                 java.time.Instant parkedAt, java.time.Instant lastTouchedAt, String cause) {
    }

    /** What a retry did: sequences applied, and what is still parked. */
    public record RetryOutcome(int sequencesProcessed, long sequencesRemaining, long deadLettersRemaining) {
    }
}
