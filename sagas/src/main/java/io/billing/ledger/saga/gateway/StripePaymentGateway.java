package io.billing.ledger.saga.gateway;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.billing.ledger.api.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;

/**
 * The Stripe adapter: stripe-java's instance {@link StripeClient} (never the global
 * {@code Stripe.apiKey}) against {@code STRIPE_API_BASE}. stripe-java retries connection
 * failures, timeouts, 409s and 5xx itself, with backoff and under the same idempotency key, so a
 * retry is replayed by Stripe instead of charging again; what still fails after those retries is
 * a {@link GatewayUnavailableException}. A decline (a 402 {@code card_error}) is an answer, not an
 * exception. Nothing secret (the key, card numbers) is ever logged: ids and Stripe's codes only.
 */
public class StripePaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentGateway.class);

    /** How the client reaches Stripe; see {@link #client(Settings)}. */
    public record Settings(String secretKey, String apiBase, int maxNetworkRetries, Duration connectTimeout,
                           Duration readTimeout) {

        @Override
        public String toString() { // a record's toString would print the key
            return "Settings[apiBase=" + apiBase + ", maxNetworkRetries=" + maxNetworkRetries + ", connectTimeout="
                    + connectTimeout + ", readTimeout=" + readTimeout + "]";
        }
    }

    private final StripeClient client;

    public StripePaymentGateway(Settings settings) {
        this.client = client(settings);
    }

    static StripeClient client(Settings settings) {
        return StripeClient.builder()
                .setApiKey(settings.secretKey())
                .setApiBase(stripped(settings.apiBase()))
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                .build();
    }

    private static String stripped(String apiBase) {
        return apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public String createCustomer(CustomerDetails customer, String idempotencyKey) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder()
                .putMetadata("customer_id", customer.customerId());
        if (customer.name() != null) {
            params.setName(customer.name());
        }
        if (customer.email() != null) {
            params.setEmail(customer.email());
        }
        try {
            return client.v1().customers().create(params.build(), keyed(idempotencyKey)).getId();
        } catch (StripeException e) {
            throw unavailable("create the customer of " + customer.customerId(), e);
        }
    }

    @Override
    public void updateCustomer(String processorCustomerId, CustomerDetails customer, String idempotencyKey) {
        CustomerUpdateParams.Builder params = CustomerUpdateParams.builder();
        if (customer.name() != null) {
            params.setName(customer.name());
        }
        if (customer.email() != null) {
            params.setEmail(customer.email());
        }
        try {
            client.v1().customers().update(processorCustomerId, params.build(), keyed(idempotencyKey));
        } catch (StripeException e) {
            throw unavailable("update customer " + processorCustomerId, e);
        }
    }

    /**
     * Attaches, and makes the payment method the customer's default at Stripe when it has none yet
     * (as the simulated processor does), so that a charge without a payment method has one.
     */
    @Override
    public PaymentMethodDetails attachPaymentMethod(String processorCustomerId, String paymentMethodId,
                                                    String idempotencyKey) {
        PaymentMethod method;
        try {
            method = client.v1().paymentMethods().attach(paymentMethodId,
                    PaymentMethodAttachParams.builder().setCustomer(processorCustomerId).build(),
                    keyed(idempotencyKey));
        } catch (InvalidRequestException | CardException e) {
            // unknown id (resource_missing), already used elsewhere, or a card Stripe refuses
            throw new PaymentMethodRejectedException(e.getCode() == null ? "payment_method_rejected" : e.getCode(),
                    e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage());
        } catch (StripeException e) {
            throw unavailable("attach " + paymentMethodId + " to " + processorCustomerId, e);
        }
        try {
            if (defaultPaymentMethodOf(processorCustomerId) == null) {
                client.v1().customers().update(processorCustomerId, CustomerUpdateParams.builder()
                        .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
                                .setDefaultPaymentMethod(paymentMethodId).build())
                        .build(), keyed(idempotencyKey + ":default"));
            }
        } catch (StripeException e) {
            throw unavailable("make " + paymentMethodId + " the default of " + processorCustomerId, e);
        }
        PaymentMethod.Card card = method.getCard();
        if (card == null) {
            return new PaymentMethodDetails(method.getId(), method.getType(), null, 0, 0);
        }
        return new PaymentMethodDetails(method.getId(), card.getBrand(), card.getLast4(),
                card.getExpMonth() == null ? 0 : card.getExpMonth().intValue(),
                card.getExpYear() == null ? 0 : card.getExpYear().intValue());
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        String paymentMethod = request.paymentMethodId();
        if (paymentMethod == null) {
            try {
                paymentMethod = defaultPaymentMethodOf(request.processorCustomerId());
            } catch (InvalidRequestException e) {
                // a customer Stripe does not know: nothing to charge, and asking again will not help
                return new ChargeResult(ChargeResult.Status.FAILED, null, request.amount(),
                        e.getCode() == null ? "invalid_request_error" : e.getCode(), null, messageOf(e), null,
                        request.metadata());
            } catch (StripeException e) {
                throw unavailable("read the default payment method of " + request.processorCustomerId(), e);
            }
        }
        if (paymentMethod == null) {
            // Stripe would refuse to confirm without one; answer as the simulated processor does
            return new ChargeResult(ChargeResult.Status.FAILED, null, request.amount(), "no_payment_method", null,
                    "The customer has no payment method to charge.", null, request.metadata());
        }
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amount().amount())
                .setCurrency(request.amount().currency())
                .setCustomer(request.processorCustomerId())
                .setPaymentMethod(paymentMethod)
                .setConfirm(true)
                .setOffSession(true)
                // off session nothing can redirect the customer: no return_url, cards and the like only
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build());
        if (request.description() != null) {
            params.setDescription(request.description());
        }
        if (request.metadata() != null) {
            params.putAllMetadata(request.metadata());
        }
        try {
            PaymentIntent intent = client.v1().paymentIntents().create(params.build(), keyed(request.idempotencyKey()));
            return resultOf(intent, null);
        } catch (CardException e) {
            return declined(e, request);
        } catch (IdempotencyException e) {
            throw new IdempotencyKeyReusedException(request.idempotencyKey(), e.getMessage());
        } catch (InvalidRequestException e) {
            // a payment method Stripe does not know or that belongs to someone else: nothing was charged
            log.warn("Stripe refused a charge (key {}): {} {}", request.idempotencyKey(), e.getCode(),
                    e.getStripeError() == null ? "" : e.getStripeError().getMessage());
            return new ChargeResult(ChargeResult.Status.FAILED, intentIdOf(e.getStripeError()), request.amount(),
                    e.getCode() == null ? "invalid_request_error" : e.getCode(), null, messageOf(e), null,
                    request.metadata());
        } catch (StripeException e) {
            throw unavailable("charge under key " + request.idempotencyKey(), e);
        }
    }

    @Override
    public RefundResult refund(String paymentIntentId, Money amount, String reason, String idempotencyKey) {
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(amount.amount());
        if (reason != null) {
            params.setReason(Arrays.stream(RefundCreateParams.Reason.values())
                    .filter(known -> known.getValue().equals(reason)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Stripe knows no refund reason " + reason)));
        }
        try {
            Refund refund = client.v1().refunds().create(params.build(), keyed(idempotencyKey));
            return new RefundResult(refund.getId(), Money.of(refund.getAmount(), refund.getCurrency()),
                    refund.getStatus());
        } catch (IdempotencyException e) {
            throw new IdempotencyKeyReusedException(idempotencyKey, e.getMessage());
        } catch (InvalidRequestException e) {
            // more than is left, a charge that is not refundable: the caller checked, so this is a bug or a race
            throw new IllegalArgumentException("Stripe refused the refund of " + paymentIntentId + ": " + e.getCode()
                    + " " + messageOf(e), e);
        } catch (StripeException e) {
            throw unavailable("refund " + paymentIntentId, e);
        }
    }

    @Override
    public ChargeResult fetchPayment(String paymentIntentId) {
        try {
            return resultOf(client.v1().paymentIntents().retrieve(paymentIntentId), null);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException("Stripe knows no PaymentIntent " + paymentIntentId + ": "
                    + e.getCode(), e);
        } catch (StripeException e) {
            throw unavailable("fetch " + paymentIntentId, e);
        }
    }

    private String defaultPaymentMethodOf(String processorCustomerId) throws StripeException {
        Customer customer = client.v1().customers().retrieve(processorCustomerId);
        return customer.getInvoiceSettings() == null ? null : customer.getInvoiceSettings().getDefaultPaymentMethod();
    }

    /**
     * A 402: Stripe declined, and says why in {@code code}/{@code decline_code}; the PaymentIntent
     * it embeds (status {@code requires_payment_method}) gives the id. Off session, a card that
     * needs 3-D Secure is such a decline, {@code authentication_required}: the customer must come
     * back on session, so it is an action, not a failure.
     */
    private ChargeResult declined(CardException e, ChargeRequest request) {
        StripeError error = e.getStripeError();
        PaymentIntent intent = error == null ? null : error.getPaymentIntent();
        String message = messageOf(e);
        log.info("Stripe declined the charge under key {}: {} / {}", request.idempotencyKey(), e.getCode(),
                e.getDeclineCode());
        if (intent != null) {
            return resultOf(intent, new StripeCodes(e.getCode(), e.getDeclineCode(), message));
        }
        StripeCodes codes = new StripeCodes(e.getCode(), e.getDeclineCode(), message);
        return codes.needAuthentication()
                ? new ChargeResult(ChargeResult.Status.REQUIRES_ACTION, null, request.amount(), codes.code(),
                codes.declineCode(), message, null, request.metadata())
                : new ChargeResult(ChargeResult.Status.FAILED, null, request.amount(), codes.code(),
                codes.declineCode(), message, null, request.metadata());
    }

    private ChargeResult resultOf(PaymentIntent intent, StripeCodes fromError) {
        StripeCodes codes = fromError != null ? fromError : StripeCodes.of(intent.getLastPaymentError());
        Money amount = Money.of(intent.getAmount(), intent.getCurrency());
        Map<String, String> metadata = intent.getMetadata() == null ? Map.of() : intent.getMetadata();
        String status = String.valueOf(intent.getStatus());
        if (status.equals("succeeded") || status.equals("requires_capture")) {
            return new ChargeResult(ChargeResult.Status.SUCCEEDED, intent.getId(), amount, null, null, null, null,
                    metadata);
        }
        if (status.equals("processing")) {
            return new ChargeResult(ChargeResult.Status.PROCESSING, intent.getId(), amount, null, null, null, null,
                    metadata);
        }
        if (status.equals("requires_action") || codes.needAuthentication()) {
            return new ChargeResult(ChargeResult.Status.REQUIRES_ACTION, intent.getId(), amount,
                    codes.code() == null ? "authentication_required" : codes.code(), codes.declineCode(),
                    codes.message(), nextActionUrl(intent), metadata);
        }
        return new ChargeResult(ChargeResult.Status.FAILED, intent.getId(), amount,
                codes.code() == null ? "payment_intent_" + status : codes.code(), codes.declineCode(), codes.message(),
                null, metadata);
    }

    /**
     * Where the customer (or, failing that, the operator) follows up a charge that needs the
     * customer: Stripe's own authentication URL when the PaymentIntent has one
     * ({@code next_action.redirect_to_url}); off session Stripe gives none, and then it is the
     * PaymentIntent on Stripe's dashboard, from where the operator sends the customer a link to
     * confirm it on session (docs/payments.md).
     */
    public static String nextActionUrl(PaymentIntent intent) {
        PaymentIntent.NextAction next = intent.getNextAction();
        if (next != null && next.getRedirectToUrl() != null && next.getRedirectToUrl().getUrl() != null) {
            return next.getRedirectToUrl().getUrl();
        }
        return (Boolean.TRUE.equals(intent.getLivemode()) ? "https://dashboard.stripe.com/payments/"
                : "https://dashboard.stripe.com/test/payments/") + intent.getId();
    }

    /** One refund of a charge, as {@code charge.refunded} needs them. */
    public record ChargeRefund(String refundId, Money amount, String reason, Instant created) {
    }

    /**
     * Every refund of a charge. Since API version 2022-11-15 a charge no longer carries its
     * refunds, so a {@code charge.refunded} webhook asks for them.
     */
    public List<ChargeRefund> refundsOfCharge(String chargeId) {
        List<ChargeRefund> refunds = new ArrayList<>();
        String after = null;
        try {
            while (true) {
                RefundListParams.Builder params = RefundListParams.builder().setCharge(chargeId).setLimit(100L);
                if (after != null) {
                    params.setStartingAfter(after);
                }
                StripeCollection<Refund> page = client.v1().refunds().list(params.build());
                for (Refund refund : page.getData()) {
                    refunds.add(refundOf(refund));
                    after = refund.getId();
                }
                if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
                    return refunds;
                }
            }
        } catch (StripeException e) {
            throw unavailable("list the refunds of " + chargeId, e);
        }
    }

    public static ChargeRefund refundOf(Refund refund) {
        return new ChargeRefund(refund.getId(), Money.of(refund.getAmount(), refund.getCurrency()), refund.getReason(),
                refund.getCreated() == null ? null : Instant.ofEpochSecond(refund.getCreated()));
    }

    private static String intentIdOf(StripeError error) {
        return error == null || error.getPaymentIntent() == null ? null : error.getPaymentIntent().getId();
    }

    private static String messageOf(StripeException e) {
        return e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : e.getMessage();
    }

    private static RequestOptions keyed(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    /**
     * What is left after stripe-java's own retries: a connection that failed or timed out, a 5xx,
     * a 429, or a key Stripe refuses (401/403, a configuration error the operator must fix; the
     * call changed nothing, so asking again later is safe too).
     */
    private static GatewayUnavailableException unavailable(String what, StripeException e) {
        String reason = e instanceof ApiConnectionException ? "could not be reached"
                : "answered " + e.getStatusCode() + (e.getCode() == null ? "" : " " + e.getCode());
        log.warn("Stripe {} when asked to {} (request {})", reason, what, e.getRequestId());
        return new GatewayUnavailableException("Stripe " + reason + " when asked to " + what, e);
    }

    private record StripeCodes(String code, String declineCode, String message) {
        static StripeCodes of(StripeError error) {
            return error == null ? new StripeCodes(null, null, null)
                    : new StripeCodes(error.getCode(), error.getDeclineCode(), error.getMessage());
        }

        boolean needAuthentication() {
            return "authentication_required".equals(code) || "authentication_required".equals(declineCode);
        }
    }
}
