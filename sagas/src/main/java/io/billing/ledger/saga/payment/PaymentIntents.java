package io.billing.ledger.saga.payment;

import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentSucceeded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The PaymentIntent → payment lookup that notifications without {@code metadata.payment_id} need.
 * A subscribing processor: the row is written in the transaction of the event that names the
 * PaymentIntent, so a dispute arriving a moment after the charge finds its payment.
 */
@Component
@ProcessingGroup(PaymentIntents.PROCESSING_GROUP)
public class PaymentIntents {

    public static final String PROCESSING_GROUP = "payment-intents";

    private final JdbcTemplate jdbc;

    public PaymentIntents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> paymentOf(String paymentIntentId) {
        return jdbc.queryForList("SELECT payment_id FROM payment_intents WHERE payment_intent_id = ?", String.class,
                paymentIntentId).stream().findFirst();
    }

    @EventHandler
    void on(PaymentSucceeded event) {
        remember(event.paymentIntentId(), event.paymentId());
    }

    @EventHandler
    void on(PaymentFailed event) {
        remember(event.paymentIntentId(), event.paymentId());
    }

    @EventHandler
    void on(PaymentActionRequired event) {
        remember(event.paymentIntentId(), event.paymentId());
    }

    private void remember(String paymentIntentId, String paymentId) {
        if (paymentIntentId != null) {
            jdbc.update("INSERT INTO payment_intents (payment_intent_id, payment_id) VALUES (?, ?) "
                    + "ON CONFLICT (payment_intent_id) DO NOTHING", paymentIntentId, paymentId);
        }
    }
}
