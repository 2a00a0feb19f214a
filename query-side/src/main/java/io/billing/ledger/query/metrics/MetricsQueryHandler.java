package io.billing.ledger.query.metrics;

import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.metrics.ChurnView;
import io.billing.ledger.api.metrics.CohortsView;
import io.billing.ledger.api.metrics.FindChurn;
import io.billing.ledger.api.metrics.FindCohorts;
import io.billing.ledger.api.metrics.FindMrr;
import io.billing.ledger.api.metrics.MrrView;
import io.billing.ledger.projection.metrics.RevenueHistory;
import io.billing.ledger.projection.metrics.RevenueMetricsProjection;
import io.billing.ledger.projection.metrics.RevenueTimeline;
import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Answers the revenue metrics from the revenue-metrics projection's timeline, after waiting
 * (bounded) until it has handled every event stored when the query arrived.
 */
@Component
public class MetricsQueryHandler {

    /** The API's default currency, for a ledger that has billed nothing yet (docs/api.md, "Currencies"). */
    static final String DEFAULT_CURRENCY = "usd";

    private static final Logger log = LoggerFactory.getLogger(MetricsQueryHandler.class);

    private final ProcessorCatchUp catchUp;
    private final RevenueTimeline timeline;

    public MetricsQueryHandler(ProcessorCatchUp catchUp, RevenueTimeline timeline) {
        this.catchUp = catchUp;
        this.timeline = timeline;
    }

    @QueryHandler
    public MrrView handle(FindMrr query) {
        String currency = currency(query.currency());
        RevenueHistory history = timeline.history(currency, query.to());
        List<Instant> instants = new MetricsWindow(query.from(), query.to()).seriesAt(query.interval());
        return new MrrView(currency, MrrSeries.points(history, instants),
                MrrMovements.between(history.changes(), query.from(), query.to()));
    }

    @QueryHandler
    public ChurnView handle(FindChurn query) {
        String currency = currency(query.currency());
        return ChurnCalculation.of(currency, timeline.changes(currency, query.to()), query.from(), query.to());
    }

    @QueryHandler
    public CohortsView handle(FindCohorts query) {
        String currency = currency(query.currency());
        return new CohortsView(currency, CohortTable.of(timeline.changes(currency, query.to()), query.from(),
                query.to()));
    }

    /**
     * The currency asked for or, when none was, the ledger's only one (the API's default before any
     * subscription); a ledger with several needs the question to name one.
     */
    private String currency(String asked) {
        if (!catchUp.awaitHead(RevenueMetricsProjection.PROCESSING_GROUP)) {
            log.debug("{} did not reach the head in time; answering with what it holds",
                    RevenueMetricsProjection.PROCESSING_GROUP);
        }
        if (asked != null) {
            return asked;
        }
        List<String> currencies = timeline.currencies();
        if (currencies.size() > 1) {
            throw new InvalidRequestException("currency", "currency_required",
                    "currency is required: the ledger bills in " + String.join(", ", currencies));
        }
        return currencies.isEmpty() ? DEFAULT_CURRENCY : currencies.get(0);
    }
}
