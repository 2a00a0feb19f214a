package io.billing.ledger.api.metrics;

import java.math.BigDecimal;

/**
 * Logo and revenue churn of one currency over a window, against its start (docs/metrics.md). The
 * rates are ratios, not money: decimals rounded half-even to four places.
 * {@code involuntaryCustomers} are the churned customers whose last cancellation was dunning's.
 */
public record ChurnView(String currency,
                        long startCustomers,
                        long churnedCustomers,
                        BigDecimal customerChurnRate,
                        long startMrrCents,
                        long churnedMrrCents,
                        BigDecimal revenueChurnRate,
                        long involuntaryCustomers) {
}
