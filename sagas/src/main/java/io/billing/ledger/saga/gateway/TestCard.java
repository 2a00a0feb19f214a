package io.billing.ledger.saga.gateway;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * Stripe's test payment methods, with the codes Stripe answers for them (docs.stripe.com/testing).
 * The simulated processor lets each of them attach (Stripe refuses some decline cards already at
 * attach; ours attach so that the decline shows on the invoice's payment, as the README tour does).
 */
public enum TestCard {
    VISA("pm_card_visa", "visa", "4242", null, null, null),
    MASTERCARD("pm_card_mastercard", "mastercard", "4444", null, null, null),
    AMEX("pm_card_amex", "amex", "8431", null, null, null),
    DECLINED("pm_card_chargeDeclined", "visa", "0002", "card_declined", "generic_decline",
            "Your card was declined."),
    INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "card_declined",
            "insufficient_funds", "Your card has insufficient funds."),
    EXPIRED_CARD("pm_card_chargeDeclinedExpiredCard", "visa", "0069", "expired_card", "expired_card",
            "Your card has expired."),
    LOST_CARD("pm_card_chargeDeclinedLostCard", "visa", "9987", "card_declined", "lost_card",
            "Your card was declined."),
    STOLEN_CARD("pm_card_chargeDeclinedStolenCard", "visa", "9979", "card_declined", "stolen_card",
            "Your card was declined."),
    FRAUDULENT("pm_card_chargeDeclinedFraudulent", "visa", "0019", "card_declined", "fraudulent",
            "Your card was declined."),
    PROCESSING_ERROR("pm_card_chargeDeclinedProcessingError", "visa", "0119", "processing_error", null,
            "An error occurred while processing your card. Try again in a little bit."),
    CUSTOMER_FAIL("pm_card_chargeCustomerFail", "visa", "0341", "card_declined", "generic_decline",
            "Your card was declined."),
    AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "visa", "3184", "authentication_required",
            "authentication_required", "Your card was declined. This transaction requires authentication."),
    CREATE_DISPUTE("pm_card_createDispute", "visa", "0259", null, null, null);

    private final String id;
    private final String brand;
    private final String last4;
    private final String failureCode;
    private final String declineCode;
    private final String message;

    TestCard(String id, String brand, String last4, String failureCode, String declineCode, String message) {
        this.id = id;
        this.brand = brand;
        this.last4 = last4;
        this.failureCode = failureCode;
        this.declineCode = declineCode;
        this.message = message;
    }

    public static Optional<TestCard> find(String paymentMethodId) {
        return Arrays.stream(values()).filter(card -> card.id.equals(paymentMethodId)).findFirst();
    }

    public String id() {
        return id;
    }

    public String brand() {
        return brand;
    }

    public String last4() {
        return last4;
    }

    /** Test cards never expire: Stripe's accept any future date; ours say December, three years after {@code now}. */
    public int expYear(Instant now) {
        return now.atZone(ZoneOffset.UTC).getYear() + 3;
    }

    /** Stripe's error {@code code} of a charge, null when it succeeds. */
    public String failureCode() {
        return failureCode;
    }

    public String declineCode() {
        return declineCode;
    }

    public String message() {
        return message;
    }
}
