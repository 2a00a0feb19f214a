package io.billing.ledger.server.webhook;

import io.billing.ledger.api.webhook.WebhookEventIds;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed (SIGKILL) during a burst of events while it is delivering them to a slow
 * consumer; a new server on the same database goes on. Every event reaches the consumer at least
 * once under its one evt_ id, none is lost (counted by id against the events in the store).
 */
class CrashDuringWebhookDeliveriesTest {

    private static final int PLANS = 80;
    // a short timeout keeps the leases short: an attempt the kill interrupted is taken up again after it
    private static final List<String> FAST_RETRIES = List.of("-Dbilling.webhooks.retry-schedule=1s,1s,1s,1s,1s",
            "-Dbilling.webhooks.poll-interval=50ms", "-Dbilling.webhooks.delivery-timeout-ms=2000");

    @Test
    void a_server_killed_during_a_burst_loses_no_webhook() throws Exception {
        String database = TestDatabases.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        Set<String> receivedIds = ConcurrentHashMap.newKeySet();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer("/burst", request -> {
                receivedIds.add(request.header("webhook-id"));
                try {
                    Thread.sleep(30); // a slow consumer: deliveries are still queued when the server dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return WebhookReceiver.Answer.status(200);
            });
            String endpointId;
            try (ServerProcess first = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "webhook-crash-first",
                    FAST_RETRIES)) {
                Api api = new Api(first.port(), EndToEndTest.ADMIN_KEY);
                endpointId = api.post("/v1/webhook-subscriptions", "{\"url\":\"" + receiver.url("/burst")
                        + "\",\"eventTypes\":[\"plan.created\"]}").data().get("id").asText();
                Thread burst = new Thread(() -> {
                    for (int i = 0; i < PLANS; i++) {
                        try {
                            api.post("/v1/plans", "{\"name\":\"P" + i + "\",\"pricingModel\":\"flat_rate\","
                                    + "\"amountCents\":100,\"billingInterval\":\"month\"}");
                        } catch (RuntimeException serverGone) {
                            return; // the kill: what committed before it still counts
                        }
                    }
                });
                burst.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> receivedIds.size() >= 10);
                first.kill();
                burst.join();
            }
            List<String> plans = jdbc.queryForList("SELECT aggregate_identifier FROM domain_event_entry"
                    + " WHERE payload_type LIKE '%.PlanCreated'", String.class);
            assertThat(receivedIds.size()).as("the crash came in the middle of the deliveries").isLessThan(plans.size());

            try (ServerProcess second = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "webhook-crash-second",
                    FAST_RETRIES)) {
                Set<String> expected = plans.stream().map(plan -> WebhookEventIds.of(endpointId, plan, 0))
                        .collect(Collectors.toSet());
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                        .until(() -> receivedIds.containsAll(expected));
                assertThat(receivedIds).isEqualTo(expected);
                await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'", Long.class) == plans.size());
                assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries", Long.class))
                        .isEqualTo(plans.size());
            }
        }
    }
}
