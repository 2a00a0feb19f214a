package io.billing.ledger.server.api;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key on POST, as Stripe's: a retry replays; a reuse for another request is refused. */
class IdempotencyEndToEndTest extends EndToEndTest {

    private static final String PLAN =
            "{\"name\":\"Idem\",\"pricingModel\":\"flat_rate\",\"amountCents\":500,\"billingInterval\":\"month\"}";

    @Test
    void the_same_key_and_body_replay_the_first_answer_without_a_second_command() {
        Api keyed = api().withHeader("Idempotency-Key", "create-plan-1");
        Api.Response first = keyed.post("/v1/plans", PLAN);
        long eventsAfterFirst = eventCount();

        Api.Response second = keyed.post("/v1/plans",
                "{ \"billingInterval\":\"month\", \"amountCents\":500, \"pricingModel\":\"flat_rate\", \"name\":\"Idem\" }");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.data()).isEqualTo(first.data());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount()).isEqualTo(eventsAfterFirst);
    }

    @Test
    void the_same_key_with_a_different_body_is_422_and_changes_nothing() {
        Api keyed = api().withHeader("Idempotency-Key", "create-plan-2");
        keyed.post("/v1/plans", PLAN);
        long events = eventCount();

        Api.Response reused = keyed.post("/v1/plans", PLAN.replace("500", "600"));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.errorCode()).isEqualTo("IDEMPOTENCY_MISMATCH");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void a_failed_validation_is_replayed_too_and_a_new_key_runs_anew() {
        Api keyed = api().withHeader("Idempotency-Key", "create-plan-3");
        String invalid = PLAN.replace("500", "-1");
        assertThat(keyed.post("/v1/plans", invalid).status()).isEqualTo(400);
        assertThat(keyed.post("/v1/plans", invalid).header("Idempotent-Replayed")).isEqualTo("true");

        assertThat(api().withHeader("Idempotency-Key", "create-plan-4").post("/v1/plans", PLAN).status())
                .isEqualTo(201);
    }

    @Test
    void concurrent_duplicates_never_both_execute() throws Exception {
        Api keyed = api().withHeader("Idempotency-Key", "create-customer-concurrently");
        long before = eventCount();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> keyed.post("/v1/customers", "{\"name\":\"Once\",\"email\":\"once@example.com\"}"));
        }
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> future : pool.invokeAll(calls)) {
            responses.add(future.get());
        }
        pool.shutdown();

        List<String> createdIds = responses.stream().filter(r -> r.status() == 201)
                .map(r -> r.data().get("id").asText()).distinct().toList();
        assertThat(createdIds).hasSize(1);
        assertThat(responses).allMatch(r -> r.status() == 201 || r.status() == 409);
        assertThat(eventCount() - before).isEqualTo(1);
    }

    @Test
    void keys_are_scoped_to_the_api_key_that_used_them() {
        String otherKey = api().post("/v1/api-keys", "{\"name\":\"other\",\"scopes\":[\"billing:write\"]}")
                .data().get("key").asText();
        Api.Response mine = api().withHeader("Idempotency-Key", "shared-name").post("/v1/plans", PLAN);
        Api.Response theirs = api().as(otherKey).withHeader("Idempotency-Key", "shared-name").post("/v1/plans", PLAN);

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.data().get("id")).isNotEqualTo(mine.data().get("id"));
    }
}
