package io.billing.ledger.server.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription REST contract over HTTP on a real PostgreSQL. */
class SubscriptionsEndToEndTest extends EndToEndTest {

    private String basic;
    private String pro;
    private String customer;

    @BeforeEach
    void catalogAndCustomer() {
        basic = plan("Basic", 3100, "month", 0);
        pro = plan("Pro", 6200, "month", 0);
        customer = api().post("/v1/customers", "{\"name\":\"Sub Scriber\",\"email\":\"sub@example.com\"}")
                .data().get("id").asText();
    }

    @Test
    void subscribing_answers_201_with_the_current_period_and_the_next_renewal() {
        Instant before = Instant.now();
        Api.Response created = subscribe(customer, basic);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode sub = created.data();
        assertThat(sub.get("id").asText()).matches("^sub_[a-f0-9-]{36}$");
        assertThat(sub.get("status").asText()).isEqualTo("active");
        assertThat(sub.get("customerId").asText()).isEqualTo(customer);
        assertThat(sub.get("planId").asText()).isEqualTo(basic);
        assertThat(sub.get("quantity").asLong()).isEqualTo(1);
        Instant start = Instant.parse(sub.get("currentPeriodStart").asText());
        Instant end = Instant.parse(sub.get("currentPeriodEnd").asText());
        assertThat(start).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(end).isAfter(start.plusSeconds(27 * 86400)).isBefore(start.plusSeconds(32 * 86400));
        assertThat(sub.get("nextRenewalAt").asText()).isEqualTo(sub.get("currentPeriodEnd").asText());
        assertThat(api().get("/v1/subscriptions/" + sub.get("id").asText()).data()).isEqualTo(sub);
    }

    @Test
    void a_second_subscription_to_the_same_plan_is_409_until_the_first_is_canceled() {
        String first = subscribe(customer, basic).data().get("id").asText();

        Api.Response second = subscribe(customer, basic);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("CONFLICT");

        api().post("/v1/subscriptions/" + first + "/cancel", "{}");
        assertThat(subscribe(customer, basic).status()).isEqualTo(201);
    }

    @Test
    void concurrent_requests_for_the_same_customer_and_plan_make_one_subscription() throws Exception {
        String target = plan("Race", 1000, "month", 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> subscribe(customer, target));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Api.Response> future : pool.invokeAll(calls)) {
            statuses.add(future.get().status());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM subscription_slots WHERE customer_id = ? AND plan_id = ? AND NOT released""",
                Long.class, customer, target)).isEqualTo(1);
    }

    @Test
    void an_archived_plan_an_unknown_customer_and_another_currency_are_refused() {
        String archived = plan("Old", 100, "month", 0);
        api().post("/v1/plans/" + archived + "/archive", null);
        Api.Response toArchived = subscribe(customer, archived);
        assertThat(toArchived.status()).isEqualTo(409);
        assertThat(toArchived.body().get("error").get("message").asText()).contains("archived");
        assertThat(toArchived.body().get("error").has("currentStatus")).isFalse(); // no transition refused

        Api.Response unknown = subscribe("cust_00000000-0000-0000-0000-000000000000", basic);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").get("details").get(0).get("field").asText()).isEqualTo("customerId");

        subscribe(customer, basic);
        String euro = api().post("/v1/plans", "{\"name\":\"Euro\",\"pricingModel\":\"flat_rate\",\"amountCents\":900,"
                + "\"currency\":\"eur\",\"billingInterval\":\"month\"}").data().get("id").asText();
        Api.Response otherCurrency = subscribe(customer, euro);
        assertThat(otherCurrency.status()).isEqualTo(409);
        assertThat(otherCurrency.body().get("error").get("message").asText()).contains("usd").contains("eur");
    }

    @Test
    void cancel_at_period_end_then_reactivate_keeps_the_period() {
        JsonNode sub = subscribe(customer, basic).data();
        String id = sub.get("id").asText();

        JsonNode scheduled = api().post("/v1/subscriptions/" + id + "/cancel", "{\"atPeriodEnd\":true}").data();
        assertThat(scheduled.get("status").asText()).isEqualTo("active");
        assertThat(scheduled.get("cancelAtPeriodEnd").asBoolean()).isTrue();

        JsonNode reactivated = api().post("/v1/subscriptions/" + id + "/reactivate", null).data();
        assertThat(reactivated.get("cancelAtPeriodEnd").asBoolean()).isFalse();
        assertThat(reactivated.get("currentPeriodEnd")).isEqualTo(sub.get("currentPeriodEnd"));
    }

    @Test
    void an_immediate_cancel_with_prorate_invoices_the_credit_at_once_and_can_be_undone_within_the_period() {
        JsonNode created = subscribe(customer, basic).data();
        String id = created.get("id").asText();
        long firstFee = firstInvoice(created).get("totalCents").asLong(); // a partial first period costs less

        Api.Response canceled = api().post("/v1/subscriptions/" + id + "/cancel", "{\"prorate\":true}");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.data().get("status").asText()).isEqualTo("canceled");
        // the final invoice took the credit: nothing is left pending on the subscription
        assertThat(canceled.data().get("pendingProrationLines").size()).isZero();
        JsonNode credit = invoices(id, 2).get(0).get("lines").get(0);
        assertThat(credit.get("type").asText()).isEqualTo("proration_credit");
        // seconds of the period were used: at most what was charged, and close to it
        assertThat(credit.get("amountCents").asLong()).isBetween(-firstFee, -firstFee + 10);
        assertThat(canceled.data().get("nextRenewalAt").isNull()).isTrue();

        Api.Response again = api().post("/v1/subscriptions/" + id + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").get("currentStatus").asText()).isEqualTo("canceled");
        assertThat(again.body().get("error").get("allowedTransitions").toString()).isEqualTo("[\"active\"]");

        assertThat(api().post("/v1/subscriptions/" + id + "/reactivate", null).data().get("status").asText())
                .isEqualTo("active");
    }

    @Test
    void a_plan_change_records_its_proration_lines_on_the_subscription() {
        JsonNode created = subscribe(customer, basic).data();
        String id = created.get("id").asText();
        long firstFee = firstInvoice(created).get("totalCents").asLong();

        Api.Response changed = api().post("/v1/subscriptions/" + id + "/change-plan",
                "{\"planId\":\"" + pro + "\",\"quantity\":2}");

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.data().get("planId").asText()).isEqualTo(pro);
        assertThat(changed.data().get("quantity").asLong()).isEqualTo(2);
        JsonNode lines = changed.data().get("pendingProrationLines");
        assertThat(lines.size()).isEqualTo(2);
        assertThat(lines.get(0).get("type").asText()).isEqualTo("proration_credit");
        assertThat(lines.get(1).get("type").asText()).isEqualTo("proration_debit");
        // almost the whole (perhaps partial) first period remains: close to −its fee and +4 × it (2 × 62.00 vs 31.00)
        assertThat(lines.get(0).get("amountCents").asLong()).isBetween(-firstFee, -firstFee + 10);
        assertThat(lines.get(1).get("amountCents").asLong()).isBetween(4 * firstFee - 40, 4 * firstFee + 2);

        Api.Response unknownBehaviour = api().post("/v1/subscriptions/" + id + "/change-plan",
                "{\"planId\":\"" + basic + "\",\"prorationBehavior\":\"sometimes\"}");
        assertThat(unknownBehaviour.status()).isEqualTo(400);
    }

    @Test
    void pause_and_resume_and_refused_transitions_name_the_allowed_ones() {
        String id = subscribe(customer, basic).data().get("id").asText();

        Api.Response resumeActive = api().post("/v1/subscriptions/" + id + "/resume", null);
        assertThat(resumeActive.status()).isEqualTo(409);
        assertThat(resumeActive.body().get("error").get("currentStatus").asText()).isEqualTo("active");
        assertThat(resumeActive.body().get("error").get("allowedTransitions").toString())
                .isEqualTo("[\"past_due\",\"paused\",\"canceled\"]");

        JsonNode paused = api().post("/v1/subscriptions/" + id + "/pause", null).data();
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(paused.get("nextRenewalAt").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT due_at FROM subscription_schedule WHERE subscription_id = ?",
                java.sql.Timestamp.class, id)).isNull();

        JsonNode resumed = api().post("/v1/subscriptions/" + id + "/resume", null).data();
        assertThat(resumed.get("status").asText()).isEqualTo("active");
        assertThat(jdbc.queryForObject("SELECT due_at FROM subscription_schedule WHERE subscription_id = ?",
                java.sql.Timestamp.class, id)).isNotNull();
    }

    @Test
    void lists_filter_by_customer_plan_and_status() {
        String other = api().post("/v1/customers", "{\"name\":\"Other\",\"email\":\"o@example.com\"}")
                .data().get("id").asText();
        String a = subscribe(customer, basic).data().get("id").asText();
        String b = subscribe(customer, pro).data().get("id").asText();
        String c = subscribe(other, basic).data().get("id").asText();
        api().post("/v1/subscriptions/" + b + "/cancel", "{}");

        assertThat(ids(api().get("/v1/subscriptions?customerId=" + customer).data())).containsExactlyInAnyOrder(a, b);
        assertThat(ids(api().get("/v1/subscriptions?planId=" + basic + "&pageSize=100").data())).contains(a, c)
                .doesNotContain(b);
        assertThat(ids(api().get("/v1/subscriptions?customerId=" + customer + "&status=canceled").data()))
                .containsExactly(b);
        assertThat(api().get("/v1/subscriptions?status=gone").status()).isEqualTo(400);
    }

    @Test
    void history_and_time_travel_show_the_subscription_as_it_was() throws InterruptedException {
        String id = subscribe(customer, basic).data().get("id").asText();
        Thread.sleep(20);
        Instant betweenCreateAndCancel = Instant.now();
        Thread.sleep(20);
        api().post("/v1/subscriptions/" + id + "/cancel", "{\"atPeriodEnd\":true}");

        JsonNode history = api().get("/v1/subscriptions/" + id + "/history").data();
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("type").asText()).isEqualTo("SubscriptionCreated");
        assertThat(history.get(1).get("type").asText()).isEqualTo("SubscriptionCancellationScheduled");

        JsonNode then = api().get("/v1/subscriptions/" + id + "?asOf=" + betweenCreateAndCancel).data();
        assertThat(then.get("cancelAtPeriodEnd").asBoolean()).isFalse();
        JsonNode now = api().get("/v1/subscriptions/" + id).data();
        assertThat(now.get("cancelAtPeriodEnd").asBoolean()).isTrue();
        assertThat(api().get("/v1/subscriptions/" + id + "?asOf=2000-01-01T00:00:00Z").status()).isEqualTo(404);
    }

    private String plan(String name, long cents, String interval, int trialDays) {
        return api().post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":"
                + cents + ",\"billingInterval\":\"" + interval + "\",\"trialPeriodDays\":" + trialDays + "}")
                .data().get("id").asText();
    }

    private Api.Response subscribe(String customerId, String planId) {
        return api().post("/v1/subscriptions", "{\"customerId\":\"" + customerId + "\",\"planId\":\"" + planId + "\"}");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }

    /** The invoice the subscription's creation produced, named on its answer. */
    private JsonNode firstInvoice(JsonNode subscription) {
        String invoiceId = subscription.get("latestInvoiceId").asText();
        assertThat(invoiceId).startsWith("inv_");
        JsonNode invoice = invoices(subscription.get("id").asText(), 1).get(0);
        assertThat(invoice.get("id").asText()).isEqualTo(invoiceId);
        return invoice;
    }

    /** The subscription's invoices, newest first, once there are at least {@code count}. */
    private List<JsonNode> invoices(String subscriptionId, int count) {
        List<JsonNode> invoices = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                    invoices.clear();
                    api().get("/v1/invoices?subscriptionId=" + subscriptionId).data().forEach(invoices::add);
                    return invoices.size() >= count;
                });
        return invoices;
    }
}
