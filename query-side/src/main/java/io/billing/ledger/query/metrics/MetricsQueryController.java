package io.billing.ledger.query.metrics;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.metrics.ChurnView;
import io.billing.ledger.api.metrics.CohortsView;
import io.billing.ledger.api.metrics.FindChurn;
import io.billing.ledger.api.metrics.FindCohorts;
import io.billing.ledger.api.metrics.FindMrr;
import io.billing.ledger.api.metrics.MetricsInterval;
import io.billing.ledger.api.metrics.MrrView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Revenue metrics: MRR with its movements, churn and cohorts, for any past window (docs/metrics.md). */
@RestController
@Tag(name = "Metrics")
@RequiresScope(ApiKeyScope.READ)
public class MetricsQueryController {

    private static final String FROM = "Start of the window, an ISO-8601 instant (default: 30 days before to)";
    private static final String TO = "End of the window, an ISO-8601 instant (default: now); must be after from";
    private static final String CURRENCY = "ISO-4217 code, any case (default: the ledger's only currency; "
            + "required when it bills in several)";

    private final QueryGateway queries;
    private final Clock clock;

    public MetricsQueryController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/v1/metrics/mrr")
    @Operation(summary = "MRR of one currency at each point of a window, and its movements",
            description = "series: the window's start, one point per interval, and its end; movements (new, "
                    + "expansion, contraction, churn, reactivation; churn and contraction negative) add up exactly "
                    + "to the last point minus the first. A window spans at most 3660 days and 1000 points.")
    public DataEnvelope<MrrView> mrr(
            @Parameter(description = FROM) @RequestParam(required = false) Instant from,
            @Parameter(description = TO) @RequestParam(required = false) Instant to,
            @Parameter(description = "Step between points", schema = @Schema(allowableValues = {"day", "week", "month"},
                    defaultValue = "day")) @RequestParam(required = false) String interval,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency) {
        MetricsInterval step = MetricsWindow.interval(interval);
        String code = MetricsWindow.currency(currency);
        MetricsWindow window = MetricsWindow.of(from, to, clock.instant(), Duration.ofDays(30));
        window.seriesAt(step); // refuses a series longer than the limit before asking
        return DataEnvelope.of(queries.query(new FindMrr(window.from(), window.to(), step, code), MrrView.class)
                .join());
    }

    @GetMapping("/v1/metrics/churn")
    @Operation(summary = "Customers and MRR of one currency lost over a window, against its start",
            description = "Rates are ratios rounded half-even to 4 decimals; involuntaryCustomers were canceled by "
                    + "dunning (cancellationReason payment_failed). A window spans at most 3660 days.")
    public DataEnvelope<ChurnView> churn(
            @Parameter(description = FROM) @RequestParam(required = false) Instant from,
            @Parameter(description = TO) @RequestParam(required = false) Instant to,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency) {
        String code = MetricsWindow.currency(currency);
        MetricsWindow window = MetricsWindow.of(from, to, clock.instant(), Duration.ofDays(30));
        return DataEnvelope.of(queries.query(new FindChurn(window.from(), window.to(), code), ChurnView.class)
                .join());
    }

    @GetMapping("/v1/metrics/cohorts")
    @Operation(summary = "Monthly cohorts of one currency: customers still paying and their MRR, month by month",
            description = "A customer's cohort is the UTC month of its first paid period; cohorts of the months "
                    + "from from's to to's, each measured at every month's end up to to (default window: 365 days "
                    + "before to; at most 3660 days).")
    public DataEnvelope<CohortsView> cohorts(
            @Parameter(description = "Start of the window, an ISO-8601 instant (default: 365 days before to)")
            @RequestParam(required = false) Instant from,
            @Parameter(description = TO) @RequestParam(required = false) Instant to,
            @Parameter(description = CURRENCY) @RequestParam(required = false) String currency) {
        String code = MetricsWindow.currency(currency);
        MetricsWindow window = MetricsWindow.of(from, to, clock.instant(), Duration.ofDays(365));
        return DataEnvelope.of(queries.query(new FindCohorts(window.from(), window.to(), code), CohortsView.class)
                .join());
    }
}
