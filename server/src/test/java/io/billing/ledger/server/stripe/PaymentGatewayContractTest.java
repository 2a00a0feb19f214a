package io.billing.ledger.server.stripe;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.saga.gateway.ChargeResult;
import io.billing.ledger.saga.gateway.GatewayUnavailableException;
import io.billing.ledger.saga.gateway.IdempotencyKeyReusedException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.ChargeRequest;
import io.billing.ledger.saga.gateway.PaymentGateway.CustomerDetails;
import io.billing.ledger.saga.gateway.PaymentMethodRejectedException;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.billing.ledger.saga.gateway.SimulatedPaymentGateway;
import io.billing.ledger.saga.gateway.StripePaymentGateway;
import io.billing.ledger.saga.gateway.TestCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One contract, two processors: the simulated one and the Stripe adapter (stripe-java over HTTP)
 * against the fake Stripe. Both must answer every test card alike, keep idempotency keys, and
 * refuse what Stripe refuses; the adapter alone meets the network, so its retries are checked
 * against the fake's faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentGatewayContractTest {

    private static final Money AMOUNT = Money.of(2_500, "usd");

    private FakeStripe stripe;
    private PaymentGateway simulated;
    private PaymentGateway adapter;

    @BeforeAll
    void start() {
        stripe = FakeStripe.start();
        simulated = new SimulatedPaymentGateway(
                new DefaultListableBeanFactory().getBeanProvider(PaymentNotifications.class), Clock.systemUTC());
        adapter = stripeAdapter(stripe, Duration.ofSeconds(1));
    }

    @AfterAll
    void stop() {
        stripe.close();
    }

    static StripePaymentGateway stripeAdapter(FakeStripe stripe, Duration readTimeout) {
        return new StripePaymentGateway(new StripePaymentGateway.Settings(stripe.apiKey(), stripe.baseUrl(), 2,
                Duration.ofSeconds(1), readTimeout));
    }

    Stream<Arguments> processors() {
        return Stream.of(Arguments.of("simulated", simulated), Arguments.of("stripe", adapter));
    }

    Stream<Arguments> cardsOnEachProcessor() {
        return processors().flatMap(processor -> Arrays.stream(TestCard.values())
                .map(card -> Arguments.of(processor.get()[0], processor.get()[1], card)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cardsOnEachProcessor")
    void each_test_card_attaches_and_charges_with_stripes_outcome_and_codes(String name, PaymentGateway gateway,
                                                                             TestCard card) {
        String customer = customer(gateway);

        PaymentGateway.PaymentMethodDetails details = gateway.attachPaymentMethod(customer, card.id(), key());
        ChargeResult result = gateway.charge(charge(customer, card.id(), key()));

        assertThat(details).isEqualTo(new PaymentGateway.PaymentMethodDetails(card.id(), card.brand(), card.last4(),
                12, card.expYear(java.time.Instant.now())));
        assertThat(result.paymentIntentId()).startsWith("pi_");
        assertThat(result.amount()).isEqualTo(AMOUNT);
        assertThat(result.metadata()).containsEntry("invoice_id", "inv_contract");
        assertThat(result.failureCode()).isEqualTo(card.failureCode());
        assertThat(result.declineCode()).isEqualTo(card.declineCode());
        assertThat(result.failureMessage()).isEqualTo(card.message());
        if (card.failureCode() == null) {
            assertThat(result.status()).isEqualTo(ChargeResult.Status.SUCCEEDED);
        } else if (card == TestCard.AUTHENTICATION_REQUIRED) {
            assertThat(result.status()).isEqualTo(ChargeResult.Status.REQUIRES_ACTION);
            assertThat(result.nextActionUrl()).startsWith("https://").contains(result.paymentIntentId());
        } else {
            assertThat(result.status()).isEqualTo(ChargeResult.Status.FAILED);
            assertThat(result.nextActionUrl()).isNull();
        }
        assertThat(gateway.fetchPayment(result.paymentIntentId())).extracting(ChargeResult::status,
                ChargeResult::paymentIntentId, ChargeResult::failureCode, ChargeResult::declineCode)
                .containsExactly(result.status(), result.paymentIntentId(), result.failureCode(), result.declineCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void the_same_key_twice_answers_the_first_answer_again(String name, PaymentGateway gateway) {
        String customer = customer(gateway);
        gateway.attachPaymentMethod(customer, TestCard.VISA.id(), key());
        int chargesBefore = stripe.chargeCount();
        String key = key();

        ChargeResult first = gateway.charge(charge(customer, TestCard.VISA.id(), key));
        ChargeResult second = gateway.charge(charge(customer, TestCard.VISA.id(), key));

        assertThat(second).isEqualTo(first);
        assertThat(first.status()).isEqualTo(ChargeResult.Status.SUCCEEDED);
        if (gateway == adapter) {
            assertThat(stripe.chargeCount()).isEqualTo(chargesBefore + 1);
            assertThat(stripe.requests()).filteredOn(request -> key.equals(request.idempotencyKey()))
                    .extracting(FakeStripe.Request::replayed).containsExactly(false, true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void the_same_key_with_other_parameters_is_refused(String name, PaymentGateway gateway) {
        String customer = customer(gateway);
        String key = key();
        gateway.charge(charge(customer, TestCard.VISA.id(), key));

        ChargeRequest other = new ChargeRequest(customer, TestCard.VISA.id(), Money.of(9_900, "usd"), "other",
                Map.of("invoice_id", "inv_contract"), key);

        assertThatThrownBy(() -> gateway.charge(other)).isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void an_unknown_payment_method_is_refused_at_attach_with_stripes_code(String name, PaymentGateway gateway) {
        String customer = customer(gateway);

        assertThatThrownBy(() -> gateway.attachPaymentMethod(customer, "pm_card_doesNotExist", key()))
                .isInstanceOfSatisfying(PaymentMethodRejectedException.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo("resource_missing");
                    assertThat(rejected.getMessage()).contains("pm_card_doesNotExist");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void a_charge_without_a_payment_method_takes_the_customers_first_attached_one(String name,
                                                                                 PaymentGateway gateway) {
        String customer = customer(gateway);
        gateway.attachPaymentMethod(customer, TestCard.CUSTOMER_FAIL.id(), key());
        gateway.attachPaymentMethod(customer, TestCard.VISA.id(), key());

        ChargeResult result = gateway.charge(charge(customer, null, key()));

        assertThat(result.status()).isEqualTo(ChargeResult.Status.FAILED);
        assertThat(result.declineCode()).isEqualTo(TestCard.CUSTOMER_FAIL.declineCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void a_customer_without_a_payment_method_fails_with_no_payment_method(String name, PaymentGateway gateway) {
        ChargeResult result = gateway.charge(charge(customer(gateway), null, key()));

        assertThat(result.status()).isEqualTo(ChargeResult.Status.FAILED);
        assertThat(result.failureCode()).isEqualTo("no_payment_method");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void refunds_partial_then_the_rest_each_once_per_key(String name, PaymentGateway gateway) {
        String customer = customer(gateway);
        ChargeResult paid = gateway.charge(charge(customer, TestCard.VISA.id(), key()));
        String refundKey = key();

        PaymentGateway.RefundResult partial = gateway.refund(paid.paymentIntentId(), Money.of(1_000, "usd"),
                "requested_by_customer", refundKey);
        PaymentGateway.RefundResult again = gateway.refund(paid.paymentIntentId(), Money.of(1_000, "usd"),
                "requested_by_customer", refundKey);
        PaymentGateway.RefundResult rest = gateway.refund(paid.paymentIntentId(), Money.of(1_500, "usd"), null, key());

        assertThat(partial.refundId()).startsWith("re_");
        assertThat(partial.amount()).isEqualTo(Money.of(1_000, "usd"));
        assertThat(partial.status()).isEqualTo("succeeded");
        assertThat(again).isEqualTo(partial);
        assertThat(rest.refundId()).startsWith("re_").isNotEqualTo(partial.refundId());
        assertThat(rest.amount()).isEqualTo(Money.of(1_500, "usd"));
    }

    /** The adapter against the fake's faults: stripe-java retries under the same key, so nothing charges twice. */
    @Nested
    class StripeOverAnUnreliableNetwork {

        private String customer;

        @BeforeEach
        void customerWithVisa() {
            stripe.clearFaults();
            stripe.hangFor(Duration.ofSeconds(3));
            customer = customer(adapter);
            adapter.attachPaymentMethod(customer, TestCard.VISA.id(), key());
        }

        @Test
        void a_500_before_the_charge_is_retried_under_the_same_key_and_charges_once() {
            int before = stripe.chargeCount();
            String key = key();
            stripe.failNext(1);

            ChargeResult result = adapter.charge(charge(customer, TestCard.VISA.id(), key));

            assertThat(result.status()).isEqualTo(ChargeResult.Status.SUCCEEDED);
            assertThat(stripe.chargeCount()).isEqualTo(before + 1);
            assertThat(stripe.requests()).filteredOn(request -> key.equals(request.idempotencyKey()))
                    .extracting(FakeStripe.Request::status).containsExactly(500, 200);
        }

        @Test
        void an_answer_lost_to_a_timeout_after_the_charge_is_replayed_not_charged_again() {
            int before = stripe.chargeCount();
            String key = key();
            stripe.hangNext(1, FakeStripe.When.AFTER_ACTING);

            ChargeResult result = adapter.charge(charge(customer, TestCard.VISA.id(), key));

            assertThat(result.status()).isEqualTo(ChargeResult.Status.SUCCEEDED);
            assertThat(stripe.chargeCount()).isEqualTo(before + 1);
            assertThat(stripe.requests()).filteredOn(request -> key.equals(request.idempotencyKey()))
                    .extracting(FakeStripe.Request::status, FakeStripe.Request::replayed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, false),
                            org.assertj.core.groups.Tuple.tuple(200, true));
        }

        @Test
        void stripe_hanging_on_every_retry_is_unavailable_and_charges_nothing() {
            int before = stripe.chargeCount();
            String key = key();
            stripe.hangNext(3, FakeStripe.When.BEFORE_ACTING);

            assertThatThrownBy(() -> adapter.charge(charge(customer, TestCard.VISA.id(), key)))
                    .isInstanceOf(GatewayUnavailableException.class);
            assertThat(stripe.requestCount(key)).isEqualTo(3); // the first try and stripe-java's 2 retries
            assertThat(stripe.chargeCount()).isEqualTo(before);
        }

        @Test
        void a_500_kept_under_the_key_is_replayed_to_every_retry_and_the_charge_happened_once() {
            int before = stripe.chargeCount();
            String key = key();
            stripe.failNext(1, FakeStripe.When.AFTER_ACTING);

            assertThatThrownBy(() -> adapter.charge(charge(customer, TestCard.VISA.id(), key)))
                    .isInstanceOf(GatewayUnavailableException.class);
            assertThat(stripe.requests()).filteredOn(request -> key.equals(request.idempotencyKey()))
                    .extracting(FakeStripe.Request::status, FakeStripe.Request::replayed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(500, false),
                            org.assertj.core.groups.Tuple.tuple(500, true),
                            org.assertj.core.groups.Tuple.tuple(500, true));
            assertThat(stripe.chargeCount()).isEqualTo(before + 1);
        }

        @Test
        void dropped_connections_after_the_charge_end_unavailable_with_one_charge() {
            int before = stripe.chargeCount();
            String key = key();
            stripe.dropNext(10, FakeStripe.When.AFTER_ACTING);

            assertThatThrownBy(() -> adapter.charge(charge(customer, TestCard.VISA.id(), key)))
                    .isInstanceOf(GatewayUnavailableException.class);
            stripe.clearFaults();
            assertThat(stripe.chargeCount()).isEqualTo(before + 1);
            ChargeResult afterwards = adapter.charge(charge(customer, TestCard.VISA.id(), key));
            assertThat(afterwards.status()).isEqualTo(ChargeResult.Status.SUCCEEDED);
            assertThat(stripe.chargeCount()).isEqualTo(before + 1);
        }

        @Test
        void a_decline_carries_the_payment_intent_stripe_embedded_in_its_402() {
            String declinedCustomer = customer(adapter);
            adapter.attachPaymentMethod(declinedCustomer, TestCard.INSUFFICIENT_FUNDS.id(), key());

            ChargeResult result = adapter.charge(charge(declinedCustomer, TestCard.INSUFFICIENT_FUNDS.id(), key()));

            assertThat(stripe.paymentIntent(result.paymentIntentId()).get("status").asText())
                    .isEqualTo("requires_payment_method");
            assertThat(stripe.paymentIntent(result.paymentIntentId()).at("/last_payment_error/decline_code").asText())
                    .isEqualTo("insufficient_funds");
        }
    }

    private static String customer(PaymentGateway gateway) {
        String id = "cust_" + UUID.randomUUID();
        return gateway.createCustomer(new CustomerDetails(id, "Ada Lovelace", "ada@example.com"), "create:" + id);
    }

    private static ChargeRequest charge(String customer, String paymentMethod, String key) {
        return new ChargeRequest(customer, paymentMethod, AMOUNT, "Invoice inv_contract",
                Map.of("invoice_id", "inv_contract", "payment_id", "pay_contract"), key);
    }

    private static String key() {
        return "key_" + UUID.randomUUID();
    }
}
