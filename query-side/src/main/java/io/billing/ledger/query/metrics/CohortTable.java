package io.billing.ledger.query.metrics;

import io.billing.ledger.api.metrics.CohortsView.Cohort;
import io.billing.ledger.api.metrics.CohortsView.Retention;
import io.billing.ledger.projection.metrics.MrrChange;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Monthly cohorts (docs/metrics.md, "Cohorts"): a customer belongs to the UTC month in which its
 * MRR first rose above 0 (its first paid period; a trial is not paid). For the cohorts of the
 * months from {@code from}'s to {@code to}'s, and for each month from the cohort's to {@code to}'s,
 * the members still paying at the month's end (its last millisecond, or {@code to} in the last
 * month) and their MRR then.
 */
final class CohortTable {

    private CohortTable() {
    }

    /** {@code changes} in the order they took effect, from the first ever, none after {@code to}. */
    static List<Cohort> of(List<MrrChange> changes, Instant from, Instant to) {
        YearMonth first = YearMonth.from(from.atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(to.atOffset(ZoneOffset.UTC));
        Map<String, Long> mrr = new HashMap<>();
        TreeMap<YearMonth, Set<String>> cohorts = new TreeMap<>();
        Set<String> placed = new LinkedHashSet<>();
        for (MrrChange change : changes) {
            if (change.at().isAfter(to)) {
                break;
            }
            long after = mrr.merge(change.customerId(), change.deltaCents(), Math::addExact);
            if (after > 0 && placed.add(change.customerId())) {
                YearMonth month = YearMonth.from(change.at().atOffset(ZoneOffset.UTC));
                if (!month.isBefore(first) && !month.isAfter(last)) {
                    cohorts.computeIfAbsent(month, m -> new LinkedHashSet<>()).add(change.customerId());
                }
            }
        }
        Map<YearMonth, Map<String, Long>> monthEnds = new HashMap<>();
        List<Cohort> table = new ArrayList<>();
        for (Map.Entry<YearMonth, Set<String>> cohort : cohorts.entrySet()) {
            List<Retention> retention = new ArrayList<>();
            for (YearMonth month = cohort.getKey(); !month.isAfter(last); month = month.plusMonths(1)) {
                Map<String, Long> atEnd = monthEnds.computeIfAbsent(month,
                        m -> RevenueSnapshot.at(changes, monthEnd(m, to)).mrrByCustomer());
                long paying = 0;
                long cents = 0;
                for (String customer : cohort.getValue()) {
                    long customerMrr = atEnd.getOrDefault(customer, 0L);
                    if (customerMrr > 0) {
                        paying++;
                        cents = Math.addExact(cents, customerMrr);
                    }
                }
                retention.add(new Retention(month.toString(), paying, cents));
            }
            table.add(new Cohort(cohort.getKey().toString(), cohort.getValue().size(), retention));
        }
        return table;
    }

    /** The month's last millisecond, or {@code to} when that comes first. */
    static Instant monthEnd(YearMonth month, Instant to) {
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1);
        return end.isAfter(to) ? to : end;
    }
}
