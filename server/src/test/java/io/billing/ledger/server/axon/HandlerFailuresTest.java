package io.billing.ledger.server.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which handler failures are parked as poison and which are retried, and what an operator reads of them. */
class HandlerFailuresTest {

    private static final SQLException NUL_REFUSED = new SQLException(
            "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal parameter $2",
            "22021");
    private static final SQLException CHECK_VIOLATED = new SQLException(
            "ERROR: new row for relation \"plan_catalog\" violates check constraint \"x\"\n"
                    + "  Detail: Failing row contains (plan_1, secret customer text).", "23514");

    @Test
    void data_the_database_refuses_is_permanent() {
        assertThat(HandlerFailures.isTransient(new DataIntegrityViolationException("PreparedStatementCallback; SQL [INSERT …]",
                NUL_REFUSED))).isFalse();
        assertThat(HandlerFailures.isTransient(new DataIntegrityViolationException("x", CHECK_VIOLATED))).isFalse();
    }

    @Test
    void a_value_too_large_to_index_is_permanent_although_spring_calls_it_a_resource_failure() {
        SQLException tooLarge = new SQLException("ERROR: index row size 9000 exceeds maximum 2712", "54000");
        assertThat(HandlerFailures.isTransient(new DataAccessResourceFailureException("x", tooLarge))).isFalse();
    }

    @Test
    void a_bug_in_a_handler_is_permanent() {
        assertThat(HandlerFailures.isTransient(new NullPointerException("name"))).isFalse();
        assertThat(HandlerFailures.isTransient(new IllegalStateException("a metadata column holds invalid JSON"))).isFalse();
    }

    @Test
    void an_unreachable_or_busy_database_is_transient() {
        assertThat(HandlerFailures.isTransient(new UncategorizedSQLException("x", "SELECT 1",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(HandlerFailures.isTransient(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
        assertThat(HandlerFailures.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(HandlerFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(HandlerFailures.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(HandlerFailures.isTransient(new CannotGetJdbcConnectionException("no state"))).isTrue();
    }

    @Test
    void the_description_keeps_the_sqlstate_and_message_but_not_the_sql_or_the_row() {
        String described = HandlerFailures.describe(new DataIntegrityViolationException(
                "PreparedStatementCallback; SQL [INSERT INTO plan_catalog VALUES (?)]", CHECK_VIOLATED));

        assertThat(described).isEqualTo("database refused the write (SQLSTATE 23514): new row for relation "
                + "\"plan_catalog\" violates check constraint \"x\"");
        assertThat(described).doesNotContain("INSERT", "secret", "Detail", "org.", "java.");
    }

    @Test
    void the_description_of_a_handler_failure_is_its_first_line_at_most_300_characters() {
        String described = HandlerFailures.describe(new IllegalStateException("bad\nsecond line"));
        assertThat(described).isEqualTo("the handler failed: bad");
        assertThat(HandlerFailures.describe(new IllegalStateException("x".repeat(1000)))).hasSize(300);
    }

    @Test
    void the_policy_parks_a_permanent_failure_with_the_description_and_rethrows_a_transient_one() {
        PoisonEventPolicy policy = new PoisonEventPolicy();
        var message = GenericEventMessage.asEventMessage("payload");
        DataIntegrityViolationException refused = new DataIntegrityViolationException("SQL [INSERT]", NUL_REFUSED);

        EnqueueDecision<?> parked = policy.decide(new GenericDeadLetter<>("agg", message, refused), refused);
        assertThat(parked.shouldEnqueue()).isTrue();
        assertThat(parked.enqueueCause()).get().extracting(Throwable::getMessage)
                .isEqualTo("database refused the write (SQLSTATE 22021): invalid byte sequence for encoding \"UTF8\": 0x00");

        CannotGetJdbcConnectionException away = new CannotGetJdbcConnectionException("down",
                new SQLException("Connection refused", "08001"));
        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("agg", message, away), away))
                .hasCause(away);
    }

    @Test
    void a_first_failure_outside_a_savepoint_is_not_parked_but_fails_the_batch() {
        PoisonEventPolicy policy = new PoisonEventPolicy();
        var message = GenericEventMessage.asEventMessage("payload");
        var first = new HandlerSavepoints.RetryInSavepoints(new DataIntegrityViolationException("x", NUL_REFUSED));

        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("agg", message, first), first)).isSameAs(first);
    }
}
