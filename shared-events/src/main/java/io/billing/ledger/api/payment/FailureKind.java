package io.billing.ledger.api.payment;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;

/**
 * How a failed charge may be recovered, which dunning reads: a {@code soft} decline may succeed
 * when retried later, a {@code hard} one will not until the customer gives another payment method
 * (Stripe's non-retryable codes), and {@code action_required} waits for the customer to
 * authenticate (SCA).
 */
public enum FailureKind {
    HARD("hard"),
    SOFT("soft"),
    ACTION_REQUIRED("action_required");

    private final String wire;

    FailureKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * Stripe's decline and error codes: those that retrying cannot fix are hard, authentication is
     * action_required, and everything else (insufficient funds, generic declines, processing
     * errors, codes we do not know yet) is soft, as Stripe's Smart Retries treat them.
     */
    public static FailureKind classify(String failureCode, String declineCode) {
        if (isAction(failureCode) || isAction(declineCode)) {
            return ACTION_REQUIRED;
        }
        if (HARD_CODES.contains(String.valueOf(declineCode)) || HARD_CODES.contains(String.valueOf(failureCode))) {
            return HARD;
        }
        return SOFT;
    }

    private static boolean isAction(String code) {
        return "authentication_required".equals(code) || "requires_action".equals(code);
    }

    private static final Set<String> HARD_CODES = Set.of(
            "incorrect_number", "invalid_number", "invalid_account", "lost_card", "stolen_card", "pickup_card",
            "restricted_card", "revocation_of_authorization", "revocation_of_all_authorizations",
            "security_violation", "service_not_allowed", "stop_payment_order", "fraudulent", "merchant_blacklist",
            "expired_card", "do_not_honor_permanently", "do_not_try_again", "new_account_information_available",
            "card_not_supported", "currency_not_supported", "invalid_expiry_month", "invalid_expiry_year",
            "no_payment_method");
}
