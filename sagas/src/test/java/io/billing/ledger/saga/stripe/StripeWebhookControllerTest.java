package io.billing.ledger.saga.stripe;

import com.stripe.net.Webhook;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The answers that need no database: the server's end-to-end test (StripeWebhooksEndToEndTest)
 * covers the rest with the fake Stripe.
 */
class StripeWebhookControllerTest {

    private static final String SECRET = "whsec_unitTestSecret";
    private static final String EVENT = """
            {"id":"evt_unit","object":"event","api_version":"2026-07-29.dahlia","created":1767225600,
             "type":"payment_intent.succeeded","livemode":false,
             "data":{"object":{"id":"pi_unit","object":"payment_intent","amount":100,"currency":"usd","status":"succeeded"}}}""";

    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @Test
    void without_a_configured_secret_every_delivery_is_refused() throws Exception {
        StripeWebhookController controller = controller("");

        assertThatThrownBy(() -> controller.receive(EVENT.getBytes(StandardCharsets.UTF_8), signed(EVENT, SECRET)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        refused -> assertThat(refused.field()).isEqualTo("Stripe-Signature"));
    }

    @Test
    void a_handled_event_before_payments_are_deployed_is_a_503_that_stripe_retries() throws Exception {
        StripeWebhookController controller = controller(SECRET);

        ResponseEntity<?> answer = controller.receive(EVENT.getBytes(StandardCharsets.UTF_8), signed(EVENT, SECRET));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("60");
        assertThat(((ErrorEnvelope) answer.getBody()).error().code()).isEqualTo("SERVICE_UNAVAILABLE");
    }

    private StripeWebhookController controller(String secrets) {
        StripeEventDispatcher dispatcher = new StripeEventDispatcher(beans.getBeanProvider(PaymentNotifications.class),
                beans.getBeanProvider(PaymentGateway.class));
        // no database is reached on these paths
        return new StripeWebhookController(new StripeWebhookVerifier(secrets, Duration.ofMinutes(5), Clock.systemUTC()),
                null, dispatcher, null, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static String signed(String payload, String secret) throws Exception {
        return Webhook.Signature.generateSignatureHeader(payload, secret, Instant.now().getEpochSecond());
    }
}
