package io.billing.ledger.server.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8 §2: an event a projection cannot apply used to stall every read model behind it for
 * good (the processor retried it for ever). Now it is parked with its aggregate's later events,
 * the rest of the stream moves on, operators see it (admin API, readiness, a gauge) and can
 * retry or drop it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterEndToEndTest extends EndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Autowired
    EventStorageEngine storage;
    @Autowired
    TransactionManager transactions;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ProjectionReplays replays;

    @Test
    @Order(1)
    void a_plan_the_catalog_refuses_is_parked_with_its_later_events_and_a_retry_applies_both_once_fixed() {
        assertThat(anonymous().get("/health/ready").status()).isEqualTo(200);
        // the catalog refuses this one plan, as PostgreSQL refuses a NUL: deterministically, for ever
        jdbc.execute("ALTER TABLE plan_catalog ADD CONSTRAINT poison_for_test CHECK (name <> 'Poison')");

        String poisoned = api().post("/v1/plans", plan("Poison")).data().get("id").asText();
        awaitDeadLetters("plan-catalog", 1);
        // a second event of the same plan waits behind the parked one instead of being applied out of order
        api().patch("/v1/plans/" + poisoned, "{\"description\":\"second event\"}");
        awaitDeadLetters("plan-catalog", 2);

        // the stream moves on: other plans (same projection) and customers (another) are read back
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(api().post("/v1/plans", plan("After " + i)).data().get("id").asText());
        }
        String customer = api().post("/v1/customers", "{\"name\":\"Still served\",\"email\":\"s@example.com\"}")
                .data().get("id").asText();
        for (String plan : later) {
            assertThat(api().get("/v1/plans/" + plan).status()).as(plan).isEqualTo(200);
        }
        assertThat(api().get("/v1/customers/" + customer).status()).isEqualTo(200);
        assertThat(api().get("/v1/plans/" + poisoned).status()).isEqualTo(404);

        JsonNode letters = api().get("/v1/admin/projections/plan-catalog/dead-letters").data();
        assertThat(letters).hasSize(2);
        JsonNode first = letters.get(0);
        assertThat(first.get("sequenceId").asText()).isEqualTo(poisoned);
        assertThat(first.get("aggregateId").asText()).isEqualTo(poisoned);
        assertThat(first.get("eventType").asText()).isEqualTo("PlanCreated");
        assertThat(first.get("globalIndex").asLong()).isEqualTo(globalIndexOf(poisoned, 0));
        assertThat(first.get("cause").asText()).contains("SQLSTATE 23514", "poison_for_test")
                .doesNotContain("INSERT", "Failing row", "org.", "java.");
        assertThat(letters.get(1).get("eventType").asText()).isEqualTo("PlanUpdated");
        assertThat(letters.get(1).get("sequenceId").asText()).isEqualTo(poisoned);
        assertThat(letters.get(1).get("indexInSequence").asLong()).isGreaterThan(first.get("indexInSequence").asLong());
        assertThat(letters.toString()).doesNotContain("second event"); // no payloads

        JsonNode status = api().get("/v1/admin/projections").data();
        assertThat(status.at("/projections/plan-catalog/deadLetters").asLong()).isEqualTo(2);
        assertThat(status.at("/projections/customer-directory/deadLetters").asLong()).isZero();
        assertThat(status.at("/projections/plan-catalog/lagMs").isNumber()).isTrue();
        assertThat(gauge("plan-catalog")).isEqualTo(2.0);
        assertThat(gauge("customer-directory")).isZero();

        Api.Response notReady = anonymous().get("/health/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.body().get("status").asText()).isEqualTo("not_ready");
        assertThat(notReady.body().get("reasons")).anySatisfy(reason -> {
            assertThat(reason.get("processor").asText()).isEqualTo("plan-catalog");
            assertThat(reason.get("reason").asText()).isEqualTo("dead_letters");
        });
        assertThat(anonymous().get("/health").status()).isEqualTo(200); // liveness is not readiness

        // retried while the cause remains: still parked, in order
        JsonNode stillFailing = api().post("/v1/admin/projections/plan-catalog/dead-letters/retry", null).data();
        assertThat(stillFailing.get("sequencesProcessed").asInt()).isZero();
        assertThat(stillFailing.get("deadLettersRemaining").asLong()).isEqualTo(2);

        jdbc.execute("ALTER TABLE plan_catalog DROP CONSTRAINT poison_for_test");
        JsonNode retried = api().post("/v1/admin/projections/plan-catalog/dead-letters/retry", null).data();
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retried.get("deadLettersRemaining").asLong()).isZero();

        Api.Response plan = api().get("/v1/plans/" + poisoned);
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.data().get("description").asText()).isEqualTo("second event");
        assertThat(api().get("/v1/admin/projections/plan-catalog/dead-letters").data()).isEmpty();
        assertThat(gauge("plan-catalog")).isZero();
        awaitReady();
    }

    @Test
    @Order(2)
    void an_event_with_a_nul_postgresql_refuses_is_parked_and_dropping_it_makes_the_node_ready_again() {
        // written straight into the store, as an event accepted before the edge refused NULs would be
        String planId = "plan_" + UUID.randomUUID();
        transactions.executeInTransaction(() -> storage.appendEvents(new GenericDomainEventMessage<>("Plan", planId, 0,
                new PlanCreated(planId, "Nul\u0000name", null, PricingModel.FLAT_RATE, Money.of(100, "usd"),
                        BillingInterval.MONTH, 0, Map.of()))));

        awaitDeadLetters("plan-catalog", 1);
        JsonNode letter = api().get("/v1/admin/projections/plan-catalog/dead-letters").data().get(0);
        assertThat(letter.get("sequenceId").asText()).isEqualTo(planId);
        assertThat(letter.get("cause").asText()).contains("SQLSTATE 22021");
        String after = api().post("/v1/plans", plan("After the NUL")).data().get("id").asText();
        assertThat(api().get("/v1/plans/" + after).status()).isEqualTo(200);
        assertThat(anonymous().get("/health/ready").status()).isEqualTo(503);

        // retrying cannot help an event that is refused for ever: it stays parked
        assertThat(api().post("/v1/admin/projections/plan-catalog/dead-letters/retry", null)
                .data().get("deadLettersRemaining").asLong()).isEqualTo(1);

        assertThat(api().post("/v1/admin/projections/plan-catalog/dead-letters/plan_nothing-parked/drop", null)
                .errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api().get("/v1/admin/projections/no-such-thing/dead-letters").errorCode()).isEqualTo("NOT_FOUND");
        Api.Response dropped = api().post("/v1/admin/projections/plan-catalog/dead-letters/" + planId + "/drop", null);
        assertThat(dropped.status()).isEqualTo(200);
        assertThat(dropped.data().get("deadLettersRemaining").asLong()).isZero();
        assertThat(gauge("plan-catalog")).isZero();
        awaitReady();
    }

    @Test
    @Order(3)
    void a_replay_clears_the_queue_and_parks_again_what_still_fails() {
        jdbc.execute("ALTER TABLE plan_catalog ADD CONSTRAINT poison_for_test CHECK (name <> 'Poison again')");
        String poisoned = api().post("/v1/plans", plan("Poison again")).data().get("id").asText();
        awaitDeadLetters("plan-catalog", 1);
        // the NUL plan of the previous test is in the store too: a rebuild meets it again
        long plansBefore = plansInCatalog();

        replays.replay("plan-catalog");
        assertThat(replays.awaitCaughtUp("plan-catalog", BOUND)).isTrue();

        assertThat(plansInCatalog()).isEqualTo(plansBefore);
        JsonNode letters = api().get("/v1/admin/projections/plan-catalog/dead-letters").data();
        assertThat(letters).extracting(node -> node.get("eventType").asText()).containsOnly("PlanCreated");
        assertThat(letters).extracting(node -> node.get("sequenceId").asText()).contains(poisoned).hasSize(2);

        jdbc.execute("ALTER TABLE plan_catalog DROP CONSTRAINT poison_for_test");
        api().post("/v1/admin/projections/plan-catalog/dead-letters/retry", null);
        assertThat(api().get("/v1/plans/" + poisoned).status()).isEqualTo(200);
        assertThat(api().get("/v1/admin/projections/plan-catalog/dead-letters").data()).hasSize(1); // the NUL one
    }

    @Test
    @Order(4)
    void a_transient_failure_is_retried_not_parked() {
        long parkedBefore = deadLetters("plan-catalog");
        // the catalog answers "serialization failure" (SQLSTATE 40001), as a busy database may, until told to stop
        jdbc.execute("CREATE TABLE flaky_catalog (failing boolean NOT NULL)");
        jdbc.execute("INSERT INTO flaky_catalog VALUES (true)");
        jdbc.execute("CREATE SEQUENCE flaky_attempts"); // counts attempts: a sequence survives the rollback
        jdbc.execute("""
                CREATE FUNCTION flaky_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT failing FROM flaky_catalog) THEN
                        PERFORM nextval('flaky_attempts');
                        RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
                    END IF;
                    RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER flaky_catalog BEFORE INSERT ON plan_catalog FOR EACH ROW EXECUTE FUNCTION flaky_catalog()");
        try {
            String plan = api().post("/v1/plans", plan("Transient")).data().get("id").asText();
            // the first attempt, and at least two retries (the second would be parked were it permanent)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> attempts() >= 3 || deadLetters("plan-catalog") > parkedBefore);
            assertThat(deadLetters("plan-catalog")).as("a transient failure is not parked").isEqualTo(parkedBefore);
            assertThat(api().get("/v1/plans/" + plan).status()).isEqualTo(404);

            jdbc.update("UPDATE flaky_catalog SET failing = false");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api().get("/v1/plans/" + plan).status() == 200);
            assertThat(deadLetters("plan-catalog")).isEqualTo(parkedBefore);
        } finally {
            jdbc.execute("DROP TRIGGER flaky_catalog ON plan_catalog");
            jdbc.execute("DROP FUNCTION flaky_catalog()");
            jdbc.execute("DROP TABLE flaky_catalog");
            jdbc.execute("DROP SEQUENCE flaky_attempts");
        }
    }

    private Api anonymous() {
        return new Api(port, null);
    }

    private static String plan(String name) {
        return "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":1000,\"billingInterval\":\"month\"}";
    }

    private void awaitDeadLetters(String processor, long count) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> deadLetters(processor) == count);
    }

    private void awaitReady() {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> anonymous().get("/health/ready").status() == 200);
        assertThat(anonymous().get("/health/ready").body().get("status").asText()).isEqualTo("ready");
    }

    private long deadLetters(String processor) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?",
                Long.class, processor);
        return count == null ? 0 : count;
    }

    private long attempts() {
        Long last = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM flaky_attempts",
                Long.class);
        return last == null ? 0 : last;
    }

    private long plansInCatalog() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM plan_catalog", Long.class);
        return count == null ? 0 : count;
    }

    private long globalIndexOf(String aggregateId, long sequenceNumber) {
        Long index = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", Long.class, aggregateId, sequenceNumber);
        return index == null ? -1 : index;
    }

    private double gauge(String processor) {
        Gauge gauge = meters.find("billing.projections.dead_letters").tag("processor", processor).gauge();
        assertThat(gauge).as("gauge of " + processor).isNotNull();
        return gauge.value();
    }
}
