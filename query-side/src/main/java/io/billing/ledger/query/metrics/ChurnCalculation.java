package io.billing.ledger.query.metrics;

import io.billing.ledger.api.metrics.ChurnView;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.projection.metrics.MrrChange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Churn over a window, against its start (docs/metrics.md, "Churn"): the customers paying at
 * {@code from} (MRR above 0) who at {@code to} pay nothing and have no subscription left that is
 * not canceled; the MRR they had at {@code from}; the rates of both; and how many of them were
 * canceled by dunning (their last cancellation in the window has reason {@code payment_failed}).
 */
final class ChurnCalculation {

    static final int RATE_SCALE = 4;

    private ChurnCalculation() {
    }

    static ChurnView of(String currency, List<MrrChange> changes, Instant from, Instant to) {
        RevenueSnapshot start = RevenueSnapshot.at(changes, from);
        RevenueSnapshot end = RevenueSnapshot.at(changes, to);
        Map<String, Long> endMrr = end.mrrByCustomer();
        Set<String> live = end.customersWithLiveSubscriptions();
        Map<String, CancellationReason> lastCancellation = new HashMap<>();
        for (MrrChange change : changes) {
            if (change.at().isAfter(from) && !change.at().isAfter(to) && change.cancellationReason() != null) {
                lastCancellation.put(change.customerId(), change.cancellationReason());
            }
        }
        long startCustomers = 0;
        long startMrr = 0;
        long churned = 0;
        long churnedMrr = 0;
        long involuntary = 0;
        for (Map.Entry<String, Long> customer : start.mrrByCustomer().entrySet()) {
            if (customer.getValue() <= 0) {
                continue;
            }
            startCustomers++;
            startMrr = Math.addExact(startMrr, customer.getValue());
            String id = customer.getKey();
            if (endMrr.getOrDefault(id, 0L) == 0 && !live.contains(id)) {
                churned++;
                churnedMrr = Math.addExact(churnedMrr, customer.getValue());
                if (lastCancellation.get(id) == CancellationReason.PAYMENT_FAILED) {
                    involuntary++;
                }
            }
        }
        return new ChurnView(currency, startCustomers, churned, rate(churned, startCustomers), startMrr, churnedMrr,
                rate(churnedMrr, startMrr), involuntary);
    }

    /** {@code part / whole} rounded half-even to four decimals; 0 when there is no whole. */
    static BigDecimal rate(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(RATE_SCALE);
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_EVEN);
    }
}
