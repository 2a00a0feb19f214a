package io.billing.ledger.query.usage;

import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.usage.FindUsageSummary;
import io.billing.ledger.api.usage.UsageSummaryView;
import io.billing.ledger.projection.subscription.SubscriptionDirectory;
import io.billing.ledger.projection.support.ProcessorCatchUp;
import io.billing.ledger.projection.usage.PeriodUsage;
import io.billing.ledger.projection.usage.UsageSummaryProjection;
import io.billing.ledger.projection.usage.UsageTotals;
import io.billing.ledger.api.usage.UsageWindow;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

@Component
public class UsageQueryHandler {

    private static final Logger log = LoggerFactory.getLogger(UsageQueryHandler.class);

    private final ProcessorCatchUp catchUp;
    private final SubscriptionDirectory subscriptions;
    private final UsageTotals totals;

    public UsageQueryHandler(ProcessorCatchUp catchUp, SubscriptionDirectory subscriptions, UsageTotals totals) {
        this.catchUp = catchUp;
        this.subscriptions = subscriptions;
        this.totals = totals;
    }

    /**
     * The usage of one period. First waits (bounded) until the usage summaries include every
     * event stored when the query arrived, so usage just accepted is counted; should the
     * projection not catch up in time, the answer is what it holds.
     */
    @QueryHandler
    public Optional<UsageSummaryView> handle(FindUsageSummary query) {
        if (!catchUp.awaitHead(UsageSummaryProjection.PROCESSING_GROUP)) {
            log.debug("{} did not reach the head in time; answering with what it holds",
                    UsageSummaryProjection.PROCESSING_GROUP);
        }
        String subscriptionId = query.subscriptionId();
        Optional<SubscriptionView> subscription = subscriptions.find(subscriptionId);
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        Optional<PeriodUsage> found = query.periodStart() == null ? totals.latest(subscriptionId)
                : totals.period(subscriptionId, query.periodStart());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PeriodUsage period = found.get();
        Instant latestStart = query.periodStart() == null ? period.start()
                : totals.latestStart(subscriptionId).orElse(period.start());
        Instant previousStart = totals.previousStart(subscriptionId, latestStart).orElse(null);
        SubscriptionView view = subscription.get();
        return Optional.of(new UsageSummaryView(subscriptionId, period.start(), period.end(),
                period.totalQuantity(), period.eventCount(), view.unitAmountCents(),
                Math.multiplyExact(view.unitAmountCents(), period.totalQuantity()), view.currency(),
                UsageWindow.isOpen(period.start(), period.closed(), latestStart, previousStart)));
    }
}
