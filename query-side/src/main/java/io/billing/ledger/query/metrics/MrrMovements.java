package io.billing.ledger.query.metrics;

import io.billing.ledger.api.metrics.MrrView.Movements;
import io.billing.ledger.projection.metrics.MrrChange;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits the change of MRR between two instants into movements (docs/metrics.md, "Movements").
 * A movement is a change of one customer's MRR at one instant (the changes of all of the
 * customer's subscriptions at that instant netted), classified by the customer's MRR before and
 * after it: from 0 up is {@code new} (the customer's first) or {@code reactivation}, down to 0 is
 * {@code churn}, otherwise {@code expansion} or {@code contraction}. Every change in
 * {@code (from, to]} lands in exactly one bucket, so the buckets add up to MRR(to) − MRR(from).
 */
final class MrrMovements {

    private MrrMovements() {
    }

    /** {@code changes} in the order they took effect, from the first ever (new needs the customer's past). */
    static Movements between(List<MrrChange> changes, Instant from, Instant to) {
        Map<String, Long> mrr = new HashMap<>();
        Set<String> everPaid = new HashSet<>();
        long added = 0;
        long expansion = 0;
        long contraction = 0;
        long churn = 0;
        long reactivation = 0;
        int i = 0;
        while (i < changes.size()) {
            Instant at = changes.get(i).at();
            if (at.isAfter(to)) {
                break;
            }
            Map<String, Long> deltas = new LinkedHashMap<>();
            while (i < changes.size() && changes.get(i).at().equals(at)) {
                MrrChange change = changes.get(i++);
                deltas.merge(change.customerId(), change.deltaCents(), Math::addExact);
            }
            boolean inWindow = at.isAfter(from);
            for (Map.Entry<String, Long> entry : deltas.entrySet()) {
                String customer = entry.getKey();
                long delta = entry.getValue();
                long before = mrr.getOrDefault(customer, 0L);
                long after = Math.addExact(before, delta);
                if (inWindow && delta != 0) {
                    switch (classify(before, after, everPaid.contains(customer))) {
                        case NEW -> added = Math.addExact(added, delta);
                        case REACTIVATION -> reactivation = Math.addExact(reactivation, delta);
                        case EXPANSION -> expansion = Math.addExact(expansion, delta);
                        case CONTRACTION -> contraction = Math.addExact(contraction, delta);
                        case CHURN -> churn = Math.addExact(churn, delta);
                    }
                }
                mrr.put(customer, after);
                if (after > 0) {
                    everPaid.add(customer);
                }
            }
        }
        return new Movements(added, expansion, contraction, churn, reactivation);
    }

    enum Kind { NEW, EXPANSION, CONTRACTION, CHURN, REACTIVATION }

    /** The kind of a customer's change from {@code before} to {@code after} (different amounts, neither negative). */
    static Kind classify(long before, long after, boolean paidBefore) {
        if (before == 0) {
            return paidBefore ? Kind.REACTIVATION : Kind.NEW;
        }
        if (after == 0) {
            return Kind.CHURN;
        }
        return after > before ? Kind.EXPANSION : Kind.CONTRACTION;
    }
}
