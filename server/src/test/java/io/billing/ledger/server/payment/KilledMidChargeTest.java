package io.billing.ledger.server.payment;

import io.billing.ledger.server.stripe.FakeStripe;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed (SIGKILL) between "the PaymentIntent was created at Stripe" and "its outcome
 * was recorded": the fake Stripe charges, then holds the answer back, and the server dies waiting
 * for it. A new server on the same database charges the invoice again under the same idempotency
 * key; Stripe (the fake) replays its first answer. One charge at Stripe, one
 * {@code PaymentSucceeded}, one {@code InvoicePaid}.
 */
class KilledMidChargeTest {

    private static final String EVENTS = "io.billing.ledger.api.";

    @Test
    void a_server_killed_while_stripe_charges_ends_with_one_charge_and_one_recorded_success_after_restart()
            throws Exception {
        String database = TestDatabases.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        try (FakeStripe stripe = FakeStripe.start()) {
            Map<String, String> environment = Map.of("STRIPE_SECRET_KEY", FakeStripe.API_KEY,
                    "STRIPE_API_BASE", stripe.baseUrl());
            String clock;
            String sub;
            FakeStripe.Request inFlight;
            try (ServerProcess first = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "killed-mid-charge-first",
                    environment)) {
                Api api = new Api(first.port(), EndToEndTest.ADMIN_KEY);
                clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2033-01-01T00:00:00Z\"}").data().get("id")
                        .asText();
                String plan = api.post("/v1/plans", "{\"name\":\"Monthly\",\"pricingModel\":\"flat_rate\","
                        + "\"amountCents\":3900,\"billingInterval\":\"month\"}").data().get("id").asText();
                String customer = api.post("/v1/customers", "{\"name\":\"Killed\",\"email\":\"killed@example.com\","
                        + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
                Api.Response attached = api.post("/v1/customers/" + customer + "/payment-methods",
                        "{\"paymentMethodId\":\"pm_card_visa\"}");
                assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
                Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer
                        + "\",\"planId\":\"" + plan + "\"}");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                sub = created.data().get("id").asText();

                // the fake charges, then never answers (longer than the test lives)
                stripe.hangFor(Duration.ofMinutes(5));
                stripe.hangNext(1, FakeStripe.When.AFTER_ACTING);
                assertThat(api.post("/v1/test-clocks/" + clock + "/advance",
                        "{\"frozenTime\":\"2033-01-01T02:00:00Z\"}").status()).isEqualTo(200);
                inFlight = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> stripe.requests().stream().filter(request -> request.path()
                                .equals("/v1/payment_intents")).findFirst().orElse(null), request -> request != null);
                assertThat(inFlight.status()).as("unanswered").isZero();
                assertThat(stripe.chargeCount()).isEqualTo(1);
                assertThat(count(jdbc, "payment.PaymentSucceeded")).isZero(); // still waiting for Stripe's answer
                first.kill();
            }
            String key = inFlight.idempotencyKey();
            String invoiceId = key.substring(0, key.lastIndexOf(':'));
            assertThat(key).isEqualTo(invoiceId + ":1");
            assertThat(count(jdbc, "invoice.InvoicePaid")).isZero();

            stripe.clearFaults();
            try (ServerProcess second = ServerProcess.start(database, EndToEndTest.ADMIN_KEY,
                    "killed-mid-charge-second", environment)) {
                Api api = new Api(second.port(), EndToEndTest.ADMIN_KEY);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.get("/v1/invoices/" + invoiceId).data().get("status").asText().equals("paid"));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
                assertThat(api.get("/v1/invoices/" + invoiceId).data().get("amountPaidCents").asLong()).isEqualTo(3900);
                assertThat(api.get("/v1/invoices/" + invoiceId).data().get("subscriptionId").asText()).isEqualTo(sub);
                List<String> payments = api.get("/v1/payments?invoiceId=" + invoiceId).data().findValuesAsText("status");
                assertThat(payments).containsExactly("succeeded");
            }

            assertThat(stripe.chargeCount()).as("charges at the fake").isEqualTo(1);
            List<FakeStripe.Request> tries = stripe.requests().stream()
                    .filter(request -> key.equals(request.idempotencyKey())).toList();
            assertThat(tries).as(tries.toString()).hasSize(2);
            assertThat(tries.get(1).replayed()).as("the retry is Stripe's replay").isTrue();
            assertThat(tries.get(1).status()).isEqualTo(200);
            assertThat(count(jdbc, "payment.PaymentAttemptStarted")).isEqualTo(1);
            assertThat(count(jdbc, "payment.PaymentSucceeded")).isEqualTo(1);
            assertThat(count(jdbc, "invoice.InvoicePaid")).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "AND payload_type = ?", Long.class, invoiceId, EVENTS + "invoice.InvoicePaid")).isEqualTo(1);
        }
    }

    private static long count(JdbcTemplate jdbc, String type) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?", Long.class,
                EVENTS + type);
        return count == null ? 0 : count;
    }
}
