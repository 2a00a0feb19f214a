package io.billing.ledger.saga.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** Chooses the processor: Stripe when {@code STRIPE_SECRET_KEY} is set, the simulated one otherwise. */
@Configuration
public class PaymentGatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PaymentGatewayConfiguration.class);

    @Bean
    public PaymentGateway paymentGateway(@Value("${STRIPE_SECRET_KEY:}") String secretKey,
                                         @Value("${billing.stripe.api-base}") String apiBase,
                                         @Value("${billing.stripe.max-network-retries}") int maxNetworkRetries,
                                         @Value("${billing.stripe.connect-timeout}") Duration connectTimeout,
                                         @Value("${billing.stripe.read-timeout}") Duration readTimeout,
                                         ObjectProvider<PaymentNotifications> notifications, Clock clock) {
        if (secretKey.isBlank()) {
            log.warn("STRIPE_SECRET_KEY is not set: payments go to the built-in simulated processor "
                    + "(Stripe's test payment methods, pm_card_visa and the like; no money moves)");
            return new SimulatedPaymentGateway(notifications, clock);
        }
        StripePaymentGateway.Settings settings = new StripePaymentGateway.Settings(secretKey.trim(), apiBase,
                maxNetworkRetries, connectTimeout, readTimeout);
        // the key's mode only, never the key
        log.info("Payments go to Stripe at {} ({} mode; {} network retries, timeouts {} connect / {} read)",
                apiBase, secretKey.contains("_live_") ? "live" : "test", maxNetworkRetries, connectTimeout, readTimeout);
        return new StripePaymentGateway(settings);
    }
}
