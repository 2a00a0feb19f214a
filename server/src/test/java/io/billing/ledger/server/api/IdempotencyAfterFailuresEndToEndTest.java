package io.billing.ledger.server.api;

import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.web.IdempotencyKeys;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key after a crash and after a failure that followed the commit: a key whose
 * command committed is never released and never answers a 5xx; a key whose request died
 * before committing is free again once its lease ran out; a key creation's secret is never
 * stored. A crash is simulated by the row a dead server leaves behind.
 */
class IdempotencyAfterFailuresEndToEndTest extends EndToEndTest {

    private static final String PLAN =
            "{\"name\":\"Crash\",\"pricingModel\":\"flat_rate\",\"amountCents\":700,\"billingInterval\":\"month\"}";

    @Autowired
    QueryBus queryBus;

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    CommandBus commandBus;

    @Autowired
    DataSource dataSource;

    /** Plan reads fail, as a database failure after the command's commit would: the controller's read after its write... */
    private volatile boolean failReadsAfterWrite;
    /** ...and plain reads of a plan. */
    private volatile boolean failPlainReads;
    private Registration failure;

    @BeforeEach
    void injectReadFailures() {
        MessageHandlerInterceptor<QueryMessage<?, ?>> interceptor = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof FindPlan
                    && (duringPost() ? failReadsAfterWrite : failPlainReads)) {
                throw new IllegalStateException("injected read failure");
            }
            return chain.proceed();
        };
        failure = queryBus.registerHandlerInterceptor(interceptor);
    }

    private static boolean duringPost() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getMethod().equals("POST");
    }

    @AfterEach
    void removeReadFailures() {
        failure.cancel();
    }

    @Test
    void a_failure_after_the_commit_answers_the_committed_resource_and_a_retry_replays_it() {
        Api keyed = api().withHeader("Idempotency-Key", "fails-after-commit");
        long plansBefore = plansCreated();
        failReadsAfterWrite = true; // the controller's read after the write fails; the command has committed

        Api.Response first = keyed.post("/v1/plans", PLAN);
        failReadsAfterWrite = false;
        Api.Response retry = keyed.post("/v1/plans", PLAN);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.data().get("name").asText()).isEqualTo("Crash");
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.data().get("id")).isEqualTo(first.data().get("id"));
        assertThat(plansCreated()).isEqualTo(plansBefore + 1);
    }

    @Test
    void while_the_committed_resource_cannot_be_read_the_answer_is_503_and_the_key_is_kept() {
        Api keyed = api().withHeader("Idempotency-Key", "unreadable-after-commit");
        long plansBefore = plansCreated();
        failReadsAfterWrite = true; // the controller's read and the read of the committed resource
        failPlainReads = true;

        Api.Response first = keyed.post("/v1/plans", PLAN);
        failReadsAfterWrite = false;
        failPlainReads = false;

        // never a 202 with a placeholder: a 503 that says the request was recorded, and when to retry
        assertThat(first.status()).as(first.toString()).isEqualTo(503);
        assertThat(first.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(first.header("Retry-After")).isNotNull();
        assertThat(first.body().path("error").path("message").asText()).contains("recorded");
        String planId = first.body().path("error").path("message").asText().replaceAll(".*\\((plan_[^)]+)\\).*", "$1");
        assertThat(planId).startsWith("plan_");
        assertThat(row("unreadable-after-commit").get("status")).isEqualTo("committed");

        Api.Response retry = keyed.post("/v1/plans", PLAN);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.data().get("id").asText()).isEqualTo(planId);
        assertThat(keyed.post("/v1/plans", PLAN).data().get("id").asText()).isEqualTo(planId);
        assertThat(plansCreated()).isEqualTo(plansBefore + 1);
    }

    @Test
    void a_key_left_in_progress_by_a_crash_before_the_commit_runs_again_once_its_lease_ran_out() {
        leaveClaim("crash-before-commit", "in_progress", null, Instant.now().minusSeconds(1));
        long plansBefore = plansCreated();

        Api.Response retry = api().withHeader("Idempotency-Key", "crash-before-commit").post("/v1/plans", PLAN);
        Api.Response again = api().withHeader("Idempotency-Key", "crash-before-commit").post("/v1/plans", PLAN);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(again.data().get("id")).isEqualTo(retry.data().get("id"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(plansCreated()).isEqualTo(plansBefore + 1);
    }

    @Test
    void a_key_whose_command_committed_before_the_crash_answers_the_committed_resource() {
        String planId = api().post("/v1/plans", PLAN).data().get("id").asText(); // the event the dead request committed
        leaveClaim("crash-after-commit", "committed", planId, Instant.now().minusSeconds(1));
        long plansBefore = plansCreated();

        Api.Response retry = api().withHeader("Idempotency-Key", "crash-after-commit").post("/v1/plans", PLAN);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.data().get("id").asText()).isEqualTo(planId);
        assertThat(retry.data().get("amountCents").asLong()).isEqualTo(700);
        assertThat(row("crash-after-commit").get("status")).isEqualTo("completed");
        assertThat(plansCreated()).isEqualTo(plansBefore);
    }

    @Test
    void an_action_that_committed_before_the_crash_answers_200_with_its_resource() {
        String planId = api().post("/v1/plans", PLAN).data().get("id").asText();
        api().post("/v1/plans/" + planId + "/archive", null);
        leaveClaim("archive-crash", "POST /v1/plans/" + planId + "/archive", null, "committed", planId,
                Instant.now().minusSeconds(1));

        Api.Response retry = api().withHeader("Idempotency-Key", "archive-crash")
                .post("/v1/plans/" + planId + "/archive", null);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.data().get("status").asText()).isEqualTo("archived");
    }

    @Test
    void a_claim_whose_lease_still_runs_answers_409_with_retry_after_whatever_its_state() {
        leaveClaim("lease-running", "in_progress", null, Instant.now().plusSeconds(20));
        leaveClaim("lease-running-committed", "committed", "plan_x", Instant.now().plusSeconds(20));
        long events = eventCount();

        for (String key : new String[] {"lease-running", "lease-running-committed"}) {
            Api.Response busy = api().withHeader("Idempotency-Key", key).post("/v1/plans", PLAN);
            assertThat(busy.status()).isEqualTo(409);
            assertThat(Integer.parseInt(busy.header("Retry-After"))).isBetween(1, 21);
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void a_claim_taken_over_after_its_lease_can_no_longer_commit() {
        leaveClaim("taken-over", "in_progress", null, Instant.now().minusSeconds(1));
        String deadToken = (String) row("taken-over").get("claim_token");

        IdempotencyKeys.Claim retry = keys.claim(adminKeyId(), "taken-over", (String) row("taken-over").get("request_hash"));

        assertThat(retry).isInstanceOf(IdempotencyKeys.Claimed.class);
        assertThat(keys.markCommitted(adminKeyId(), "taken-over", deadToken, "plan_late")).isFalse();
        assertThat(keys.markCommitted(adminKeyId(), "taken-over", ((IdempotencyKeys.Claimed) retry).token(),
                "plan_retry")).isTrue();
    }

    @Test
    void a_request_whose_claim_was_taken_over_while_it_ran_commits_nothing() throws Exception {
        long plansBefore = plansCreated();
        // while the command runs, a retry takes the key over (as after the lease ran out)
        MessageHandlerInterceptor<CommandMessage<?>> steal = (unitOfWork, chain) -> {
            try (Connection other = dataSource.getConnection(); Statement sql = other.createStatement()) {
                sql.executeUpdate("UPDATE idempotency_keys SET claim_token = 'the-retry' "
                        + "WHERE idempotency_key = 'stolen-while-running'");
            }
            return chain.proceed();
        };
        Registration stealing = commandBus.registerHandlerInterceptor(steal);
        Api.Response slow;
        try {
            slow = api().withHeader("Idempotency-Key", "stolen-while-running").post("/v1/plans", PLAN);
        } finally {
            stealing.cancel();
        }

        assertThat(slow.status()).as(slow.toString()).isEqualTo(409);
        assertThat(plansCreated()).isEqualTo(plansBefore);
        assertThat(row("stolen-while-running")).containsEntry("status", "in_progress")
                .containsEntry("claim_token", "the-retry");
    }

    @Test
    void a_key_creation_is_never_stored_with_its_secret_and_its_replay_says_the_secret_is_omitted() {
        Api keyed = api().withHeader("Idempotency-Key", "create-key-1");
        String body = "{\"name\":\"integration\",\"scopes\":[\"billing:read\"]}";

        Api.Response created = keyed.post("/v1/api-keys", body);
        String secret = created.data().get("key").asText();
        Api.Response replay = keyed.post("/v1/api-keys", body);

        assertThat(secret).startsWith("blk_");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM idempotency_keys
                WHERE position(convert_to(?, 'UTF8') IN coalesce(response_body, ''::bytea)) > 0
                   OR position(? IN idempotency_keys::text) > 0
                   OR position(convert_to('"key":"blk_', 'UTF8') IN coalesce(response_body, ''::bytea)) > 0""",
                Long.class, secret, secret)).isZero();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Idempotent-Secret-Omitted")).isEqualTo("key");
        assertThat(replay.data().get("key").isNull()).isTrue();
        assertThat(replay.data().get("id")).isEqualTo(created.data().get("id"));
        assertThat(replay.data().get("keyPrefix")).isEqualTo(created.data().get("keyPrefix"));
    }

    @Test
    void a_key_creation_committed_before_a_crash_answers_its_metadata_without_the_secret() {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"lost\",\"scopes\":[\"billing:read\"]}");
        String keyId = created.data().get("id").asText();
        leaveClaim("key-crash", "POST /v1/api-keys", "{\"name\":\"lost\",\"scopes\":[\"billing:read\"]}",
                "committed", keyId, Instant.now().minusSeconds(1));

        Api.Response retry = api().withHeader("Idempotency-Key", "key-crash")
                .post("/v1/api-keys", "{\"name\":\"lost\",\"scopes\":[\"billing:read\"]}");

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.data().get("id").asText()).isEqualTo(keyId);
        assertThat(retry.data().has("key")).isTrue();
        assertThat(retry.data().get("key").isNull()).isTrue();
        assertThat(retry.header("Idempotent-Secret-Omitted")).isEqualTo("key");
    }

    @Test
    void usage_recorded_before_a_crash_is_not_recorded_twice_by_the_retry() {
        String customer = api().post("/v1/customers", "{\"name\":\"U\",\"email\":\"u@example.com\"}")
                .data().get("id").asText();
        String plan = api().post("/v1/plans", "{\"name\":\"Calls\",\"pricingModel\":\"per_unit\",\"amountCents\":3,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String subscription = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\"}").data().get("id").asText();
        String usage = "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"u-1\",\"quantity\":5,"
                + "\"timestamp\":\"" + Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS) + "\"}"; // after the start
        // the dead request had recorded the usage (usage carries its own keys, written with its events)
        assertThat(api().post("/v1/usage", usage).status()).isEqualTo(201);
        leaveClaim("usage-crash", "POST /v1/usage", usage, "in_progress", null, Instant.now().minusSeconds(1));
        long events = eventCount();

        Api.Response retry = api().withHeader("Idempotency-Key", "usage-crash").post("/v1/usage", usage);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void the_commit_marker_names_the_resource_each_create_produced() {
        String customer = created("/v1/customers", "{\"name\":\"M\",\"email\":\"m@example.com\"}", "mark-customer");
        String plan = created("/v1/plans", PLAN, "mark-plan");
        String subscription = created("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\"}", "mark-subscription");
        created("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}", "mark-clock");
        created("/v1/api-keys", "{\"name\":\"m\",\"scopes\":[\"billing:read\"]}", "mark-key");

        Api.Response canceled = api().withHeader("Idempotency-Key", "mark-cancel")
                .post("/v1/subscriptions/" + subscription + "/cancel", null);
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(row("mark-cancel").get("resource_id")).isEqualTo(subscription);
    }

    /** Creates with a key and checks the key's row names the created resource. */
    private String created(String path, String body, String key) {
        Api.Response response = api().withHeader("Idempotency-Key", key).post(path, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        String id = response.data().get("id").asText();
        assertThat(row(key)).containsEntry("resource_id", id).containsEntry("status", "completed");
        return id;
    }

    // ---- the row a dead server leaves behind ----

    private void leaveClaim(String key, String status, String resourceId, Instant leaseExpiresAt) {
        leaveClaim(key, "POST /v1/plans", PLAN, status, resourceId, leaseExpiresAt);
    }

    /** Inserts the claim as the server would have, with the fingerprint the same request gets. */
    private void leaveClaim(String key, String request, String body, String status, String resourceId,
                            Instant leaseExpiresAt) {
        String path = request.substring("POST ".length());
        String probe = "probe-" + key;
        api().withHeader("Idempotency-Key", probe).post(path, body);
        Map<String, Object> probed = row(probe);
        jdbc.update("DELETE FROM idempotency_keys WHERE idempotency_key = ?", probe);
        jdbc.update("""
                INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, status, created_at,
                    claim_token, lease_expires_at, resource_id)
                VALUES (?, ?, ?, ?, now(), 'token-of-the-dead-request', ?, ?)""",
                probed.get("api_key_id"), key, probed.get("request_hash"), status, Timestamp.from(leaseExpiresAt),
                resourceId);
    }

    private Map<String, Object> row(String key) {
        return jdbc.queryForMap("SELECT * FROM idempotency_keys WHERE idempotency_key = ?", key);
    }

    private String adminKeyId() {
        return (String) row("taken-over").get("api_key_id");
    }

    private long plansCreated() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%PlanCreated'",
                Long.class);
        return count == null ? 0 : count;
    }
}
