package io.billing.ledger.query.subscription;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.subscription.FindSubscription;
import io.billing.ledger.api.subscription.FindSubscriptionAsOf;
import io.billing.ledger.api.subscription.ListSubscriptions;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@RequestMapping("/v1/subscriptions")
@Tag(name = "Subscriptions")
@RequiresScope(ApiKeyScope.READ)
public class SubscriptionQueryController {

    private final QueryGateway queries;

    public SubscriptionQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List subscriptions, newest first; filter by customer, plan and status")
    @SuppressWarnings("unchecked")
    public ListEnvelope<SubscriptionView> list(
            @RequestParam(required = false) @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
            @RequestParam(required = false) @Pattern(regexp = Ids.PLAN_ID) String planId,
            @RequestParam(required = false) @Pattern(regexp = "trialing|active|past_due|paused|canceled") String status,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<SubscriptionView> result = queries.query(
                new ListSubscriptions(customerId, planId,
                        status == null ? null : SubscriptionStatus.fromWire(status), new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{subscriptionId}")
    @Operation(summary = "Retrieve a subscription, now or as it was at a past instant",
            description = "With asOf the subscription is rebuilt from the events recorded until that instant; "
                    + "404 when it did not exist yet.")
    public DataEnvelope<SubscriptionView> get(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
            @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindSubscription.current(subscriptionId)
                : new FindSubscriptionAsOf(subscriptionId, asOf);
        return DataEnvelope.of(queries.query(query, ResponseTypes.optionalInstanceOf(SubscriptionView.class))
                .join().orElseThrow(() -> new NotFoundException("Subscription", subscriptionId)));
    }
}
