package io.billing.ledger.server.axon;

import org.axonframework.modelling.command.ConcurrencyException;

import java.sql.SQLException;

/**
 * Whether a command failed because another one appended to the same aggregate first: the
 * event store's unique key on (aggregate, sequence number) refused the append. Axon reports it as
 * a {@link ConcurrencyException}, or, from the JDBC engine without an exception resolver, as an
 * event store failure whose cause is PostgreSQL's unique violation on the event table.
 */
final class ConcurrentAppends {

    private static final String UNIQUE_VIOLATION = "23505";

    private ConcurrentAppends() {
    }

    static boolean lostTheRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("(aggregate_identifier, sequence_number)")) {
                return true;
            }
            if (cause.getClass().getName().equals("org.axonframework.eventsourcing.eventstore.EventStoreException")
                    && String.valueOf(cause.getMessage()).contains("was already inserted")) {
                return true;
            }
        }
        return false;
    }
}
