package io.billing.ledger.query.plan;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.api.plan.FindPlanAsOf;
import io.billing.ledger.api.plan.ListPlans;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PlanView;
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
@RequestMapping("/v1/plans")
@Tag(name = "Plans")
@RequiresScope(ApiKeyScope.READ)
public class PlanQueryController {

    private final QueryGateway queries;

    public PlanQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List plans, newest first")
    @SuppressWarnings("unchecked")
    public ListEnvelope<PlanView> list(
            @RequestParam(required = false) @Pattern(regexp = "active|archived") String status,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<PlanView> result = queries.query(
                new ListPlans(status == null ? null : PlanStatus.fromWire(status), new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{planId}")
    @Operation(summary = "Retrieve a plan, now or as it was at a past instant",
            description = "With asOf the plan is rebuilt from the events recorded until that instant; "
                    + "404 when it did not exist yet.")
    public DataEnvelope<PlanView> get(@PathVariable @Pattern(regexp = Ids.PLAN_ID) String planId,
                                      @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
                                      @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindPlan.current(planId) : new FindPlanAsOf(planId, asOf);
        return DataEnvelope.of(queries.query(query, ResponseTypes.optionalInstanceOf(PlanView.class))
                .join().orElseThrow(() -> new NotFoundException("Plan", planId)));
    }
}
