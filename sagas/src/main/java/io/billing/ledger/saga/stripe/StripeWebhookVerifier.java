package io.billing.ledger.saga.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Stripe's signature check, by stripe-java ({@link Webhook#constructEvent}): the
 * {@code Stripe-Signature} header must carry an HMAC of {@code timestamp.body} under one of the
 * secrets of {@code STRIPE_WEBHOOK_SECRET} (a comma-separated list, so that a secret can be rolled:
 * during the overlap Stripe signs with both), and the timestamp must not be older than the
 * tolerance, so that a captured delivery cannot be replayed later.
 */
@Component
public class StripeWebhookVerifier {

    private final List<String> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    public StripeWebhookVerifier(@Value("${billing.stripe.webhook-secrets:}") String secrets,
                                 @Value("${billing.stripe.webhook-tolerance:300s}") Duration tolerance, Clock clock) {
        this.secrets = Arrays.stream(secrets.split(",")).map(String::trim).filter(secret -> !secret.isEmpty()).toList();
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = millisFrom(clock);
    }

    /**
     * stripe-java reads {@code clock.millis()}, which the server's clock (ticking in microseconds)
     * cannot answer: the JDK's tick clock divides by the tick in whole milliseconds, zero. Its
     * instant can.
     */
    private static Clock millisFrom(Clock clock) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return millisFrom(clock.withZone(zone));
            }

            @Override
            public java.time.Instant instant() {
                return clock.instant();
            }

            @Override
            public long millis() {
                return clock.instant().toEpochMilli();
            }
        };
    }

    public boolean configured() {
        return !secrets.isEmpty();
    }

    /** The event, or why it is refused: the signature is absent, matches no secret, or is too old. */
    public Verified verify(String payload, String signatureHeader) {
        if (!configured()) {
            return new Verified(null, "STRIPE_WEBHOOK_SECRET is not set, so no delivery can be verified");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Verified(null, "no Stripe-Signature header");
        }
        String refusal = "no signature matches";
        for (String secret : secrets) {
            try {
                return new Verified(Webhook.constructEvent(payload, signatureHeader, secret, toleranceSeconds, clock),
                        null);
            } catch (SignatureVerificationException e) {
                // stripe-java checks the signature before the age: "too old" means this secret matched
                refusal = e.getMessage().contains("tolerance") ? "the signed timestamp is older than "
                        + toleranceSeconds + " s" : refusal;
            } catch (RuntimeException e) {
                // a header whose t= is no number, or a signed body that is no Stripe event (Gson's errors)
                return new Verified(null, "unreadable signature header or event (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Verified(null, refusal);
    }

    /** Either an event or the reason there is none. */
    public record Verified(Event event, String refusal) {
    }
}
