package io.billing.ledger.saga.gateway;

import io.billing.ledger.api.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The processor a server without {@code STRIPE_SECRET_KEY} uses: it answers like Stripe's test
 * payment methods ({@link TestCard}), so the whole lifecycle runs on a laptop and in the README
 * tour, with no network and no money.
 * <p>
 * Every id it hands out is derived from the caller's idempotency key and every outcome from the
 * payment method, so asking again with the same key gives the same answer even after a restart,
 * as Stripe's idempotency would. What it remembers in memory (which PaymentIntent was for how
 * much, what was refunded) is lost on a restart; {@link #fetchPayment} then answers from the
 * PaymentIntent's payment method alone.
 */
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);

    private final ObjectProvider<PaymentNotifications> notifications;
    private final Clock clock;
    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Map<String, String> defaultMethods = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "simulated-processor");
        thread.setDaemon(true);
        return thread;
    });

    public SimulatedPaymentGateway(ObjectProvider<PaymentNotifications> notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public String createCustomer(CustomerDetails customer, String idempotencyKey) {
        return "cus_sim_" + derived(idempotencyKey);
    }

    @Override
    public void updateCustomer(String processorCustomerId, CustomerDetails customer, String idempotencyKey) {
        // nothing is kept about customers beyond their payment methods
    }

    @Override
    public PaymentMethodDetails attachPaymentMethod(String processorCustomerId, String paymentMethodId,
                                                    String idempotencyKey) {
        TestCard card = TestCard.find(paymentMethodId).orElseThrow(() -> new PaymentMethodRejectedException(
                "resource_missing", "No such PaymentMethod: '" + paymentMethodId + "'"));
        defaultMethods.putIfAbsent(processorCustomerId, paymentMethodId);
        return new PaymentMethodDetails(paymentMethodId, card.brand(), card.last4(), 12, card.expYear(clock.instant()));
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        String intentId = "pi_sim_" + derived(request.idempotencyKey());
        String method = request.paymentMethodId() != null ? request.paymentMethodId()
                : defaultMethods.get(request.processorCustomerId());
        TestCard card = method == null ? null : TestCard.find(method).orElse(null);
        ChargeResult result = outcome(intentId, card, request.amount(), request.metadata());
        Intent previous = intents.putIfAbsent(intentId,
                new Intent(result, card, Money.zero(request.amount().currency()), parameters(request)));
        if (previous != null) {
            if (!previous.parameters().equals(parameters(request))) {
                // as Stripe's idempotency_error: a key belongs to one request
                throw new IdempotencyKeyReusedException(request.idempotencyKey(), "Keys for idempotent requests "
                        + "can only be used with the same parameters they were first used with.");
            }
            return previous.result(); // the same idempotency key: the first answer again
        }
        if (card == TestCard.CREATE_DISPUTE) {
            disputeLater(intentId, request.amount());
        }
        return result;
    }

    @Override
    public RefundResult refund(String paymentIntentId, Money amount, String reason, String idempotencyKey) {
        intents.computeIfPresent(paymentIntentId, (id, intent) -> intent.refunding(amount));
        return new RefundResult("re_sim_" + derived(idempotencyKey), amount, "succeeded");
    }

    @Override
    public ChargeResult fetchPayment(String paymentIntentId) {
        Intent intent = intents.get(paymentIntentId);
        if (intent == null) {
            throw new GatewayUnavailableException("The simulated processor does not remember " + paymentIntentId
                    + " (it forgets on restart)", null);
        }
        return intent.result();
    }

    private static ChargeResult outcome(String intentId, TestCard card, Money amount, Map<String, String> metadata) {
        if (card == null) {
            return new ChargeResult(ChargeResult.Status.FAILED, intentId, amount, "no_payment_method", null,
                    "The customer has no payment method to charge.", null, metadata);
        }
        if (card.failureCode() == null) {
            return new ChargeResult(ChargeResult.Status.SUCCEEDED, intentId, amount, null, null, null, null, metadata);
        }
        if (card == TestCard.AUTHENTICATION_REQUIRED) {
            return new ChargeResult(ChargeResult.Status.REQUIRES_ACTION, intentId, amount, card.failureCode(),
                    card.declineCode(), card.message(), "https://pay.simulated.invalid/authenticate/" + intentId,
                    metadata);
        }
        return new ChargeResult(ChargeResult.Status.FAILED, intentId, amount, card.failureCode(), card.declineCode(),
                card.message(), null, metadata);
    }

    /** As Stripe's pm_card_createDispute: the charge succeeds and the dispute follows a moment later. */
    private void disputeLater(String intentId, Money amount) {
        later.schedule(() -> {
            try {
                notifications.getObject().disputeCreated(intentId, "dp_sim_" + derived(intentId), amount,
                        "fraudulent", clock.instant());
            } catch (RuntimeException e) {
                log.error("The simulated dispute of {} could not be recorded", intentId, e);
            }
        }, 500, TimeUnit.MILLISECONDS);
    }

    private static String derived(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                .substring(0, 24);
    }

    /** What Stripe compares when a key comes again: the charge's own parameters. */
    private static List<Object> parameters(ChargeRequest request) {
        return Arrays.asList(request.processorCustomerId(), request.paymentMethodId(), request.amount(),
                request.description(), request.metadata());
    }

    private record Intent(ChargeResult result, TestCard card, Money refunded, List<Object> parameters) {
        Intent refunding(Money amount) {
            return new Intent(result, card, refunded.plus(amount), parameters);
        }
    }
}
