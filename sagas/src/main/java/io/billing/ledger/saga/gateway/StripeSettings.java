package io.billing.ledger.saga.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code billing.stripe}: the Stripe adapter (STRIPE_SECRET_KEY, empty = the simulated
 * processor; STRIPE_API_BASE) and the verification of its notifications
 * (STRIPE_WEBHOOK_SECRET: comma-separated {@code whsec_} secrets, several while one is rolled).
 */
@Validated
@ConfigurationProperties("billing.stripe")
public record StripeSettings(
        @NotNull @DefaultValue("")
        @Pattern(regexp = "^\\s*((sk|rk)_(test|live)_[A-Za-z0-9]+)?\\s*$",
                message = "a Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… or rk_live_…")
        String secretKey,
        @NotNull @Pattern(regexp = "^https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[^\\s?#]*)?$",
                message = "an http(s) URL such as https://api.stripe.com")
        String apiBase,
        @Min(0) @Max(10) int maxNetworkRetries,
        @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) Duration readTimeout,
        @NotNull @DefaultValue("")
        @Pattern(regexp = "^\\s*(whsec_[A-Za-z0-9+/=]+(\\s*,\\s*whsec_[A-Za-z0-9+/=]+)*)?\\s*$",
                message = "one or more comma-separated Stripe endpoint secrets (whsec_…), several while one is rolled")
        String webhookSecrets,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("300s") Duration webhookTolerance) {

    /** The configured key without surrounding spaces; empty when payments are simulated. */
    public String key() {
        return secretKey.trim();
    }

    public List<String> webhookSecretList() {
        return Arrays.stream(webhookSecrets.split(",")).map(String::trim).filter(secret -> !secret.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "StripeSettings[apiBase=" + apiBase + "]"; // never the key or the secrets
    }
}
