package io.billing.ledger.server.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9: invoicing runs after the user's command, as a processor of its own. An invoice that
 * cannot be drafted never fails the user's request; it is parked (with the subscription's later
 * events behind it, so nothing is invoiced out of order), visible to operators, and drafted once
 * the cause is fixed and the letters are retried — never skipped.
 */
class InvoicingFailureEndToEndTest extends EndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void an_invoice_the_store_refuses_is_parked_without_failing_the_request_and_drafted_after_a_retry() {
        String plan = api().post("/v1/plans", "{\"name\":\"Pro\",\"pricingModel\":\"flat_rate\",\"amountCents\":3100,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String poisoned = customer("Poisoned");
        String healthy = customer("Healthy");
        // the event store refuses this customer's drafts, deterministically, as a permanent failure would
        jdbc.execute("""
                CREATE FUNCTION refuse_drafts_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload_type LIKE '%%InvoiceDrafted' AND position('%s' in convert_from(NEW.payload, 'UTF8')) > 0 THEN
                        RAISE EXCEPTION 'drafts of this customer are refused for the test';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(poisoned));
        jdbc.execute("CREATE TRIGGER refuse_drafts_for_test BEFORE INSERT ON domain_event_entry "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_drafts_for_test()");
        try {
            Api.Response subscribed = api().post("/v1/subscriptions",
                    "{\"customerId\":\"" + poisoned + "\",\"planId\":\"" + plan + "\"}");
            assertThat(subscribed.status()).as("the user's request does not fail with invoicing").isEqualTo(201);
            String subscription = subscribed.data().get("id").asText();
            assertThat(subscribed.data().get("status").asText()).isEqualTo("active");
            awaitDeadLetters(1);
            assertThat(invoicesOf(subscription)).isEmpty();

            // a later event of the same subscription waits behind the parked one
            Api.Response canceled = api().post("/v1/subscriptions/" + subscription + "/cancel", "{\"prorate\":true}");
            assertThat(canceled.status()).isEqualTo(200);
            awaitDeadLetters(2);
            assertThat(invoicesOf(subscription)).isEmpty();

            // the stream moves on: another customer's subscription is invoiced
            String other = api().post("/v1/subscriptions", "{\"customerId\":\"" + healthy + "\",\"planId\":\"" + plan
                    + "\"}").data().get("id").asText();
            assertThat(invoicesOf(other)).hasSize(1);

            // operators see it: the admin view, readiness
            JsonNode status = api().get("/v1/admin/projections").data();
            assertThat(status.at("/projections/invoicing-policy/deadLetters").asLong()).isEqualTo(2);
            JsonNode letters = api().get("/v1/admin/projections/invoicing-policy/dead-letters").data();
            assertThat(letters).extracting(letter -> letter.get("eventType").asText())
                    .containsExactly("SubscriptionCreated", "SubscriptionCanceled");
            Api.Response notReady = new Api(port, null).get("/health/ready");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.body().get("reasons")).anySatisfy(reason ->
                    assertThat(reason.get("processor").asText()).isEqualTo("invoicing-policy"));

            jdbc.execute("DROP TRIGGER refuse_drafts_for_test ON domain_event_entry");
            JsonNode retried = api().post("/v1/admin/projections/invoicing-policy/dead-letters/retry", null).data();
            assertThat(retried.get("deadLettersRemaining").asLong()).isZero();

            // both invoices, in order, each once: the first period's fee and the cancel's credit for unused time
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> invoicesOf(subscription).size() == 2);
            List<String> reasons = invoicesOf(subscription).stream()
                    .map(invoice -> invoice.get("billingReason").asText()).sorted().toList();
            assertThat(reasons).containsExactly("subscription_cancel", "subscription_create");
            assertThat(invoicesOf(subscription).stream().filter(invoice ->
                    invoice.get("billingReason").asText().equals("subscription_create")))
                    // the first period is partial (anchor capped at 28): its own share of 3100
                    .singleElement().satisfies(invoice -> assertThat(invoice.get("subtotalCents").asLong())
                            .isPositive().isLessThanOrEqualTo(3100));
            assertThat(api().get("/v1/admin/projections/invoicing-policy/dead-letters").data()).isEmpty();

            // drafted on the processor's behalf, the invoice's events still carry what caused them
            Map<String, Object> created = metadataOf(subscription, "SubscriptionCreated");
            Map<String, Object> drafted = jdbc.queryForMap("""
                    SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' AS actor,
                           convert_from(meta_data, 'UTF8')::jsonb ->> 'traceId' AS trace_id
                    FROM domain_event_entry WHERE payload_type LIKE '%InvoiceDrafted'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'subscriptionId' = ?
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'reason' = 'subscription_create'""", subscription);
            assertThat(drafted.get("actor")).isNotNull().isEqualTo(created.get("actor"));
            assertThat(drafted.get("trace_id")).isNotNull().isEqualTo(created.get("trace_id"));
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS refuse_drafts_for_test ON domain_event_entry");
            jdbc.execute("DROP FUNCTION IF EXISTS refuse_drafts_for_test()");
        }
    }

    private Map<String, Object> metadataOf(String aggregateId, String eventType) {
        return jdbc.queryForMap("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' AS actor,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'traceId' AS trace_id
                FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?""",
                aggregateId, "%" + eventType);
    }

    private String customer(String name) {
        return api().post("/v1/customers", "{\"name\":\"" + name + "\",\"email\":\"" + name.toLowerCase()
                + "@example.com\"}").data().get("id").asText();
    }

    private List<JsonNode> invoicesOf(String subscription) {
        JsonNode list = api().get("/v1/invoices?subscriptionId=" + subscription).data();
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    private void awaitDeadLetters(long count) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() ->
                api().get("/v1/admin/projections").data().at("/projections/invoicing-policy/deadLetters").asLong() == count);
    }
}
