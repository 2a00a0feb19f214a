package io.billing.ledger.server.axon;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a lost race for an aggregate's next sequence number is sent again; a rejected command is not. */
class ConcurrentAppendsTest {

    @Test
    void an_append_refused_by_the_event_stores_unique_key_lost_the_race() {
        assertThat(ConcurrentAppends.lostTheRace(new ConcurrencyException("two appends"))).isTrue();
        assertThat(ConcurrentAppends.lostTheRace(new EventStoreException("An event for aggregate [cust_1] at "
                + "sequence [1] was already inserted", new SQLException("duplicate", "23505")))).isTrue();
        assertThat(ConcurrentAppends.lostTheRace(new RuntimeException(new SQLException("ERROR: duplicate key value "
                + "violates unique constraint. Detail: Key (aggregate_identifier, sequence_number)=(cust_1, 1) "
                + "already exists.", "23505")))).isTrue();
    }

    @Test
    void a_rule_an_aggregate_enforces_or_another_failure_is_not_retried() {
        assertThat(ConcurrentAppends.lostTheRace(new IllegalStateException("the subscription is canceled"))).isFalse();
        assertThat(ConcurrentAppends.lostTheRace(new RuntimeException(new SQLException("duplicate key value violates "
                + "unique constraint \"idempotency_keys_pkey\"", "23505")))).isFalse();
        assertThat(ConcurrentAppends.lostTheRace(new EventStoreException("the database is away"))).isFalse();
    }
}
