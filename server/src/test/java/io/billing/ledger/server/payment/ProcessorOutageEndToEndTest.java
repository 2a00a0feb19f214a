package io.billing.ledger.server.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.saga.gateway.ChargeResult;
import io.billing.ledger.saga.gateway.GatewayUnavailableException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.billing.ledger.saga.gateway.SimulatedPaymentGateway;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.api.money.Money;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The payment processor unreachable (what the adapter throws once its own retries gave up):
 * creating a customer still succeeds and the link follows once the processor is back; attaching
 * is a 502; a charge fails softly with {@code processing_error}.
 */
@Import(ProcessorOutageEndToEndTest.FlakyProcessor.class)
class ProcessorOutageEndToEndTest extends EndToEndTest {

    static final AtomicBoolean DOWN = new AtomicBoolean();
    static final AtomicInteger REFUSED = new AtomicInteger();

    @TestConfiguration
    static class FlakyProcessor {

        @Bean
        @Primary
        PaymentGateway flakyPaymentGateway(ObjectProvider<PaymentNotifications> notifications, Clock clock) {
            return new Flaky(new SimulatedPaymentGateway(notifications, clock));
        }
    }

    @Autowired
    PaymentGateway gateway;

    @Test
    void an_unreachable_processor_never_fails_a_customers_creation_is_a_502_on_attach_and_a_soft_failure_on_a_charge() {
        assertThat(gateway).isInstanceOf(Flaky.class);
        Api api = api();
        String clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2032-01-01T00:00:00Z\"}").data().get("id").asText();
        String plan = api.post("/v1/plans", "{\"name\":\"Down\",\"pricingModel\":\"flat_rate\",\"amountCents\":1100,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String customer = api.post("/v1/customers", "{\"name\":\"Early\",\"email\":\"early@example.com\","
                + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        assertThat(api.post("/v1/customers/" + customer + "/payment-methods", "{\"paymentMethodId\":\"pm_card_visa\"}")
                .status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/customers/" + customer).data().get("stripeCustomerId").isTextual());

        DOWN.set(true);
        Api.Response created = api.post("/v1/customers", "{\"name\":\"Offline\",\"email\":\"offline@example.com\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String offline = created.data().get("id").asText();
        Api.Response attach = api.post("/v1/customers/" + offline + "/payment-methods",
                "{\"paymentMethodId\":\"pm_card_visa\"}");
        assertThat(attach.status()).as(attach.toString()).isEqualTo(502);
        assertThat(attach.errorCode()).isEqualTo("STRIPE_ERROR");

        String sub = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan + "\"}")
                .data().get("id").asText();
        api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2032-01-01T02:00:00Z\"}");
        JsonNode failed = await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode invoices = api.get("/v1/invoices?subscriptionId=" + sub).data();
            if (invoices.isEmpty()) {
                return null;
            }
            JsonNode payments = api.get("/v1/payments?invoiceId=" + invoices.get(0).get("id").asText()).data();
            return payments.isEmpty() ? null : payments.get(0);
        }, payment -> payment != null && payment.get("status").asText().equals("failed"));
        assertThat(failed.get("failureCode").asText()).isEqualTo("processing_error");
        assertThat(failed.get("failureKind").asText()).isEqualTo("soft");
        assertThat(api.get("/v1/customers/" + offline).data().get("stripeCustomerId").isNull()).isTrue();
        assertThat(REFUSED.get()).isPositive();

        DOWN.set(false); // the customer sync retries the creation with back-off, under the same key
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/customers/" + offline).data().get("stripeCustomerId").isTextual());
    }

    /** The simulated processor, unreachable while {@link #DOWN}. */
    static final class Flaky implements PaymentGateway {

        private final PaymentGateway delegate;

        Flaky(PaymentGateway delegate) {
            this.delegate = delegate;
        }

        private void reach() {
            if (DOWN.get()) {
                REFUSED.incrementAndGet();
                throw new GatewayUnavailableException("simulated outage", null);
            }
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public String createCustomer(CustomerDetails customer, String idempotencyKey) {
            reach();
            return delegate.createCustomer(customer, idempotencyKey);
        }

        @Override
        public void updateCustomer(String processorCustomerId, CustomerDetails customer, String idempotencyKey) {
            reach();
            delegate.updateCustomer(processorCustomerId, customer, idempotencyKey);
        }

        @Override
        public PaymentMethodDetails attachPaymentMethod(String processorCustomerId, String paymentMethodId,
                                                        String idempotencyKey) {
            reach();
            return delegate.attachPaymentMethod(processorCustomerId, paymentMethodId, idempotencyKey);
        }

        @Override
        public ChargeResult charge(ChargeRequest request) {
            reach();
            return delegate.charge(request);
        }

        @Override
        public RefundResult refund(String paymentIntentId, Money amount, String reason, String idempotencyKey) {
            reach();
            return delegate.refund(paymentIntentId, amount, reason, idempotencyKey);
        }

        @Override
        public ChargeResult fetchPayment(String paymentIntentId) {
            reach();
            return delegate.fetchPayment(paymentIntentId);
        }
    }
}
