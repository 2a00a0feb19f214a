package io.billing.ledger.command.plan;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.ArchivePlan;
import io.billing.ledger.api.plan.CreatePlan;
import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.api.plan.PlanView;
import io.billing.ledger.api.plan.UpdatePlan;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@RestController
@RequestMapping("/v1/plans")
@Tag(name = "Plans")
@RequiresScope(ApiKeyScope.WRITE)
public class PlanCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;

    public PlanCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a plan")
    public DataEnvelope<PlanView> create(@Valid @RequestBody CreatePlanRequest request) {
        String planId = Ids.next(Ids.PLAN);
        commands.sendAndWait(new CreatePlan(planId, request.name(), request.description(), request.pricingModel(),
                Money.of(request.amountCents(), request.currency() == null ? "usd" : request.currency().toLowerCase(Locale.ROOT)),
                request.billingInterval(), request.trialPeriodDays() == null ? 0 : request.trialPeriodDays(),
                request.metadata() == null ? Map.of() : request.metadata()));
        return DataEnvelope.of(viewAfterWrite(planId));
    }

    @PatchMapping("/{planId}")
    @Operation(summary = "Change a plan's name, description, trial days or metadata")
    public DataEnvelope<PlanView> update(@PathVariable @Pattern(regexp = Ids.PLAN_ID) String planId,
                                         @Valid @RequestBody UpdatePlanRequest request) {
        commands.sendAndWait(new UpdatePlan(planId, request.name(), request.description(),
                request.trialPeriodDays(), request.metadata()));
        return DataEnvelope.of(viewAfterWrite(planId));
    }

    @PostMapping("/{planId}/archive")
    @Operation(summary = "Archive a plan: existing subscriptions go on, new ones are refused")
    public DataEnvelope<PlanView> archive(@PathVariable @Pattern(regexp = Ids.PLAN_ID) String planId) {
        commands.sendAndWait(new ArchivePlan(planId));
        return DataEnvelope.of(viewAfterWrite(planId));
    }

    private PlanView viewAfterWrite(String planId) {
        Optional<PlanView> view = queries.query(new FindPlan(planId, versions.of(planId)),
                ResponseTypes.optionalInstanceOf(PlanView.class)).join();
        return view.orElseThrow(() -> new ReadModelTimeoutException(planId));
    }
}
