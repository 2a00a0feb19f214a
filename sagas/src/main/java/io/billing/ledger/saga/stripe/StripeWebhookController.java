package io.billing.ledger.saga.stripe;

import com.stripe.model.Event;
import io.billing.ledger.api.apikey.PublicEndpoint;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.api.error.InvalidRequestException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.billing.ledger.saga.gateway.PaymentNotYetRecordedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code POST /webhooks/stripe}: Stripe's deliveries, authenticated by their signature (no API key).
 * The body is taken as the raw bytes Stripe signed. A delivery that fails the check is a 400 and
 * changes nothing; it is logged with a SHA-256 of its body, never the body or a secret. A verified
 * event is recorded by its id and dispatched in one transaction: a redelivery answers 200 and
 * dispatches nothing, and a dispatch that fails rolls the record back, so Stripe's retry runs it again.
 */
@RestController
@PublicEndpoint
public class StripeWebhookController {

    static final String IGNORED_METRIC = "billing.stripe.webhooks.ignored";
    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhookVerifier verifier;
    private final StripeWebhookEvents events;
    private final StripeEventDispatcher dispatcher;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final Clock clock;

    public StripeWebhookController(StripeWebhookVerifier verifier, StripeWebhookEvents events,
                                   StripeEventDispatcher dispatcher, PlatformTransactionManager transactions,
                                   MeterRegistry meters, Clock clock) {
        this.verifier = verifier;
        this.events = events;
        this.dispatcher = dispatcher;
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
        this.clock = clock;
    }

    /** What became of a delivery: {@code dispatched}, {@code duplicate} or {@code ignored}. */
    public record Receipt(String eventId, String type, String outcome) {
    }

    @PostMapping(path = "/webhooks/stripe", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
                                     @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        byte[] raw = body == null ? new byte[0] : body;
        StripeWebhookVerifier.Verified verified = verifier.verify(new String(raw, StandardCharsets.UTF_8), signature);
        if (verified.event() == null) {
            log.warn("Refused a Stripe webhook delivery: {} (body sha256 {}, {} bytes)", verified.refusal(),
                    sha256(raw), raw.length);
            throw new InvalidRequestException("Stripe-Signature", "invalid_signature",
                    "The delivery is not signed by Stripe with a configured secret, or its timestamp is too old");
        }
        Event event = verified.event();
        boolean handled = StripeEventDispatcher.handles(event.getType());
        if (handled && !dispatcher.ready()) {
            // payments are not deployed on this node: nothing recorded, Stripe delivers again later
            log.warn("Stripe event {} ({}) arrived before payments can take it; answering 503", event.getId(),
                    event.getType());
            return unavailable("Payments are not available on this server yet; Stripe will deliver again");
        }
        String outcome;
        try {
            outcome = transaction.execute(status -> {
            if (!events.recordFirst(event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()),
                    clock.instant(), handled ? "dispatched" : "ignored")) {
                return "duplicate";
            }
            if (!handled) {
                return "ignored";
            }
            dispatcher.dispatch(event);
            return "dispatched";
            });
        } catch (PaymentNotYetRecordedException e) {
            // nothing recorded (the deduplication row rolled back with it): Stripe delivers it again
            log.warn("Stripe event {} ({}) is early: {}; answering 503", event.getId(), event.getType(),
                    e.getMessage());
            return unavailable("The payment this event concerns is not recorded yet; Stripe will deliver again");
        }
        if ("ignored".equals(outcome)) {
            meters.counter(IGNORED_METRIC, "type", event.getType()).increment();
        }
        log.info("Stripe event {} ({}): {}", event.getId(), event.getType(), outcome);
        return ResponseEntity.ok(DataEnvelope.of(new Receipt(event.getId(), event.getType(), outcome)));
    }

    private static ResponseEntity<ErrorEnvelope> unavailable(String message) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "60")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorEnvelope(new ErrorEnvelope.Error("SERVICE_UNAVAILABLE", message, null,
                        MDC.get("requestId"), null, null)));
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
