package io.billing.ledger.query.usage;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.usage.FindUsageSummary;
import io.billing.ledger.api.usage.UsageSummaryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@Tag(name = "Usage")
@RequiresScope(ApiKeyScope.READ)
public class UsageQueryController {

    private final QueryGateway queries;

    public UsageQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/usage/subscriptions/{subscriptionId}/summary")
    @Operation(summary = "A subscription's usage in one billing period: total, record count and amount",
            description = "The current (latest) period unless periodStart names another. Includes every record "
                    + "accepted before the request (waits up to 5 s for the summary to catch up). open: the period "
                    + "still takes usage (the current one, or the previous one until its invoice is finalized). "
                    + "404 when the subscription or the period is unknown.")
    public DataEnvelope<UsageSummaryView> summary(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @Parameter(description = "Start of the period, an ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
            @RequestParam(required = false) Instant periodStart) {
        return DataEnvelope.of(queries.query(new FindUsageSummary(subscriptionId, periodStart),
                        ResponseTypes.optionalInstanceOf(UsageSummaryView.class)).join()
                .orElseThrow(() -> new NotFoundException("Usage period",
                        periodStart == null ? subscriptionId : subscriptionId + " starting " + periodStart)));
    }
}
