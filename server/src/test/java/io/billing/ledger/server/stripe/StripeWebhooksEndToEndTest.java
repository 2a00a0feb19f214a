package io.billing.ledger.server.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.saga.gateway.ChargeResult;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.billing.ledger.saga.gateway.TestCard;
import io.billing.ledger.server.stripe.RecordingPaymentNotifications.Call;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /webhooks/stripe} in the whole server, the deliveries sent by the fake Stripe and
 * signed with stripe-java, the events produced by charging through the server's own Stripe
 * adapter against it. Payments are a recording {@link PaymentNotifications}.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(StripeWebhooksEndToEndTest.Recording.class)
class StripeWebhooksEndToEndTest extends EndToEndTest {

    private static final String CURRENT_SECRET = "whsec_currentSecret0123456789";
    private static final String ROLLED_SECRET = "whsec_previousSecret0123456789";
    private static final FakeStripe STRIPE = FakeStripe.start();

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("STRIPE_SECRET_KEY", STRIPE::apiKey);
        registry.add("STRIPE_API_BASE", STRIPE::baseUrl);
        registry.add("STRIPE_WEBHOOK_SECRET", () -> CURRENT_SECRET + "," + ROLLED_SECRET);
    }

    @TestConfiguration
    static class Recording {
        @Bean
        @Primary
        RecordingPaymentNotifications recordingPaymentNotifications() {
            return new RecordingPaymentNotifications();
        }
    }

    @AfterAll
    static void stopStripe() {
        STRIPE.close();
    }

    @Autowired
    private RecordingPaymentNotifications notifications;
    @Autowired
    private PaymentGateway gateway;
    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void clear() {
        notifications.clear();
        notifications.failNext(0);
    }

    @Test
    void the_server_charges_through_stripe_at_the_configured_api_base() {
        assertThat(gateway.name()).isEqualTo("stripe");
    }

    @Test
    void a_signed_payment_intent_succeeded_is_dispatched_once_with_its_metadata() {
        ChargeResult paid = charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded");

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(outcome(delivery)).isEqualTo("dispatched");
        assertThat(notifications.calls()).containsExactly(Call.of("paymentSucceeded", paid.paymentIntentId(),
                Map.of("payment_id", "pay_webhooks", "invoice_id", "inv_webhooks")));
        assertThat(jdbc.queryForObject("SELECT outcome FROM stripe_webhook_events WHERE event_id = ?", String.class,
                eventId(event))).isEqualTo("dispatched");
    }

    @Test
    void a_decline_is_dispatched_with_stripes_codes() {
        ChargeResult declined = charge(TestCard.INSUFFICIENT_FUNDS);

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), STRIPE.lastEvent("payment_intent.payment_failed"),
                CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(notifications.calls()).containsExactly(Call.of("paymentFailed", declined.paymentIntentId(),
                Map.of("payment_id", "pay_webhooks", "invoice_id", "inv_webhooks"), "card_declined",
                "insufficient_funds", "Your card has insufficient funds."));
    }

    @Test
    void a_forged_or_missing_signature_is_a_400_logged_by_the_bodys_hash_and_changes_nothing(CapturedOutput log) {
        charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded");
        String tampered = event.replace("\"amount\":2500", "\"amount\":1");

        List<FakeStripe.Delivery> refused = List.of(
                STRIPE.deliver(endpoint(), event, "whsec_notOurs0123456789", Instant.now()),
                STRIPE.deliverWithHeader(endpoint(), tampered, FakeStripe.signature(event, CURRENT_SECRET, Instant.now())),
                STRIPE.deliverWithHeader(endpoint(), event, null),
                STRIPE.deliverWithHeader(endpoint(), event, "t=abc,v1=00"));

        assertThat(refused).allSatisfy(delivery -> {
            assertThat(delivery.status()).as(delivery.body()).isEqualTo(400);
            assertThat(errorCode(delivery)).isEqualTo("VALIDATION_ERROR");
        });
        assertThat(notifications.calls()).isEmpty();
        assertThat(recorded(eventId(event))).isZero();
        assertThat(log.getOut()).contains("body sha256 " + sha256(event))
                .doesNotContain(eventId(event)).doesNotContain(CURRENT_SECRET).doesNotContain(ROLLED_SECRET);
    }

    @Test
    void a_delivery_signed_ten_minutes_ago_is_refused_as_a_replay() {
        charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded");

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), event, CURRENT_SECRET,
                Instant.now().minus(Duration.ofMinutes(10)));

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(400);
        assertThat(notifications.calls()).isEmpty();
        assertThat(recorded(eventId(event))).isZero();
    }

    @Test
    void a_duplicate_delivery_answers_200_and_dispatches_nothing_more() {
        charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded");

        FakeStripe.Delivery first = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());
        FakeStripe.Delivery second = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(outcome(second)).isEqualTo("duplicate");
        assertThat(notifications.calls()).hasSize(1);
    }

    @Test
    void a_delivery_signed_with_the_rolled_secret_is_accepted() {
        ChargeResult paid = charge(TestCard.VISA);

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), STRIPE.lastEvent("payment_intent.succeeded"),
                ROLLED_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(notifications.calls()).extracting(call -> call.arguments().get(0))
                .containsExactly(paid.paymentIntentId());
    }

    @Test
    void a_type_we_do_not_handle_answers_200_is_ignored_and_counted() {
        double before = meters.counter("billing.stripe.webhooks.ignored", "type", "customer.created").count();
        gateway.createCustomer(new PaymentGateway.CustomerDetails("cust_" + UUID.randomUUID(), "Ada", null),
                "create:" + UUID.randomUUID());
        String event = STRIPE.lastEvent("customer.created");

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());
        FakeStripe.Delivery again = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(outcome(delivery)).isEqualTo("ignored");
        assertThat(outcome(again)).isEqualTo("duplicate");
        assertThat(notifications.calls()).isEmpty();
        assertThat(meters.counter("billing.stripe.webhooks.ignored", "type", "customer.created").count())
                .isEqualTo(before + 1);
    }

    @Test
    void a_failing_dispatch_rolls_back_the_record_so_stripes_retry_dispatches_again() {
        charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded");
        notifications.failNext(1);

        FakeStripe.Delivery failed = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());
        int recordedAfterFailure = recorded(eventId(event));
        FakeStripe.Delivery retried = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());

        assertThat(failed.status()).isEqualTo(500);
        assertThat(recordedAfterFailure).isZero();
        assertThat(retried.status()).isEqualTo(200);
        assertThat(outcome(retried)).isEqualTo("dispatched");
        assertThat(notifications.calls()).hasSize(2);
    }

    @Test
    void charge_refunded_tells_each_refund_of_the_charge_by_its_id() {
        ChargeResult paid = charge(TestCard.VISA);
        PaymentGateway.RefundResult first = gateway.refund(paid.paymentIntentId(), Money.of(1_000, "usd"),
                "requested_by_customer", "refund:" + UUID.randomUUID());
        PaymentGateway.RefundResult second = gateway.refund(paid.paymentIntentId(), Money.of(500, "usd"), null,
                "refund:" + UUID.randomUUID());

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), STRIPE.lastEvent("charge.refunded"), CURRENT_SECRET,
                Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(notifications.calls()).containsExactlyInAnyOrder(
                Call.of("refunded", paid.paymentIntentId(), first.refundId(), Money.of(1_000, "usd"),
                        "requested_by_customer"),
                Call.of("refunded", paid.paymentIntentId(), second.refundId(), Money.of(500, "usd"), null));
    }

    @Test
    void a_dispute_is_told_when_it_opens_and_when_it_closes() {
        ChargeResult paid = charge(TestCard.CREATE_DISPUTE);
        String opened = STRIPE.lastEvent("charge.dispute.created");
        String disputeId = STRIPE.closeDispute(paid.paymentIntentId(), false);
        String closed = STRIPE.lastEvent("charge.dispute.closed");

        STRIPE.deliver(endpoint(), opened, CURRENT_SECRET, Instant.now());
        STRIPE.deliver(endpoint(), closed, CURRENT_SECRET, Instant.now());

        assertThat(notifications.calls()).containsExactly(
                Call.of("disputeCreated", paid.paymentIntentId(), disputeId, Money.of(2_500, "usd"), "fraudulent"),
                Call.of("disputeClosed", paid.paymentIntentId(), disputeId, "lost"));
    }

    @Test
    void requires_action_carries_stripes_authentication_url_and_processing_is_told_as_such() {
        String intent = """
                {"id":"pi_onSession","object":"payment_intent","amount":2500,"currency":"usd","livemode":false,
                 "status":"requires_action","metadata":{"payment_id":"pay_sca"},
                 "next_action":{"type":"redirect_to_url","redirect_to_url":{"url":"https://hooks.stripe.com/3ds/pi_onSession","return_url":null}}}""";
        String processing = intent.replace("requires_action\",", "processing\",").replace("pi_onSession", "pi_bankDebit");

        STRIPE.deliver(endpoint(), FakeStripe.newEvent("payment_intent.requires_action", intent), CURRENT_SECRET,
                Instant.now());
        STRIPE.deliver(endpoint(), FakeStripe.newEvent("payment_intent.processing", processing), CURRENT_SECRET,
                Instant.now());

        assertThat(notifications.calls()).containsExactly(
                Call.of("paymentRequiresAction", "pi_onSession", Map.of("payment_id", "pay_sca"),
                        "https://hooks.stripe.com/3ds/pi_onSession"),
                Call.of("paymentProcessing", "pi_bankDebit", Map.of("payment_id", "pay_sca")));
    }

    @Test
    void an_event_of_another_api_version_is_read_as_far_as_its_fields_allow() {
        ChargeResult paid = charge(TestCard.VISA);
        String event = STRIPE.lastEvent("payment_intent.succeeded")
                .replace(StripeJson.API_VERSION, "2024-06-20");

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), event, CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(notifications.calls()).extracting(Call::method, call -> call.arguments().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paymentSucceeded", paid.paymentIntentId()));
    }

    @Test
    void a_charge_that_still_embeds_its_refunds_is_told_from_the_event_alone() {
        int requestsBefore = STRIPE.requests().size();
        String charge = """
                {"id":"ch_older","object":"charge","amount":2500,"amount_refunded":2500,"currency":"usd",
                 "payment_intent":"pi_older","refunded":true,"livemode":false,
                 "refunds":{"object":"list","has_more":false,"url":"/v1/charges/ch_older/refunds","data":[
                   {"id":"re_older","object":"refund","amount":2500,"currency":"usd","charge":"ch_older",
                    "payment_intent":"pi_older","reason":"duplicate","status":"succeeded","created":1767225600}]}}""";

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), FakeStripe.newEvent("charge.refunded", charge),
                CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
        assertThat(notifications.calls()).containsExactly(
                Call.of("refunded", "pi_older", "re_older", Money.of(2_500, "usd"), "duplicate"));
        assertThat(STRIPE.requests()).hasSize(requestsBefore); // nothing asked of Stripe
    }

    @Test
    void a_dispute_of_a_charge_without_a_payment_intent_is_not_ours_and_dispatches_nothing() {
        String dispute = """
                {"id":"dp_legacy","object":"dispute","amount":100,"currency":"usd","charge":"ch_legacy",
                 "payment_intent":null,"reason":"general","status":"needs_response","livemode":false}""";

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), FakeStripe.newEvent("charge.dispute.created",
                dispute), CURRENT_SECRET, Instant.now());

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(notifications.calls()).isEmpty();
    }

    @Test
    void events_the_fake_sends_by_itself_arrive_signed_and_are_taken() {
        STRIPE.webhookEndpoint(endpoint(), List.of(CURRENT_SECRET), "payment_intent.succeeded");
        try {
            ChargeResult paid = charge(TestCard.MASTERCARD);
            STRIPE.awaitDeliveries();
        } finally {
            STRIPE.webhookEndpoint(null, List.of());
        }

        assertThat(STRIPE.deliveries()).isNotEmpty().allSatisfy(delivery ->
                assertThat(delivery.status()).as(delivery.body()).isEqualTo(200));
        assertThat(notifications.calls()).extracting(Call::method).containsExactly("paymentSucceeded");
    }

    private ChargeResult charge(TestCard card) {
        String customer = gateway.createCustomer(new PaymentGateway.CustomerDetails("cust_" + UUID.randomUUID(),
                "Ada Lovelace", "ada@example.com"), "create:" + UUID.randomUUID());
        return gateway.charge(new PaymentGateway.ChargeRequest(customer, card.id(), Money.of(2_500, "usd"),
                "Invoice inv_webhooks", Map.of("payment_id", "pay_webhooks", "invoice_id", "inv_webhooks"),
                "charge:" + UUID.randomUUID()));
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");
    }

    private int recorded(String eventId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM stripe_webhook_events WHERE event_id = ?",
                Integer.class, eventId);
        return count == null ? 0 : count;
    }

    private static String eventId(String event) {
        return StripeJson.read(event).get("id").asText();
    }

    private static String outcome(FakeStripe.Delivery delivery) {
        return StripeJson.read(delivery.body()).at("/data/outcome").asText();
    }

    private static String errorCode(FakeStripe.Delivery delivery) {
        JsonNode body = StripeJson.read(delivery.body());
        return body.at("/error/code").asText();
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
