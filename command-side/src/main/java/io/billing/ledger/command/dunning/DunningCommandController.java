package io.billing.ledger.command.dunning;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.FindDunningCase;
import io.billing.ledger.api.dunning.HoldDunningEscalation;
import io.billing.ledger.api.dunning.ResolveDunning;
import io.billing.ledger.api.dunning.ResumeDunningEscalation;
import io.billing.ledger.api.dunning.RetryDunningNow;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator overrides of a dunning case (seed CLI: dunning retry-now, resolve); each is an event with the caller as actor. */
@RestController
@RequestMapping("/v1/dunning")
@Tag(name = "Dunning")
@RequiresScope(ApiKeyScope.WRITE)
public class DunningCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;

    public DunningCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
    }

    @PostMapping("/{dunningId}/retry-now")
    @Operation(summary = "Charge the invoice again now, outside the schedule (409 when a retry is in flight, the "
            + "retries are used up, or the case is closed)")
    public DataEnvelope<DunningCaseView> retryNow(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId) {
        commands.sendAndWait(new RetryDunningNow(dunningId, RetryTrigger.OPERATOR, null));
        return DataEnvelope.of(viewAfterWrite(dunningId));
    }

    @PostMapping("/{dunningId}/resolve")
    @Operation(summary = "Close the case without a payment, with a reason (the invoice stays open; 409 when closed)")
    public DataEnvelope<DunningCaseView> resolve(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId,
                                                 @Valid @RequestBody ResolveDunningRequest request) {
        commands.sendAndWait(new ResolveDunning(dunningId, DunningResolution.MANUAL, request.reason().trim(), null));
        return DataEnvelope.of(viewAfterWrite(dunningId));
    }

    @PostMapping("/{dunningId}/pause-escalation")
    @Operation(summary = "Hold the case's retries and escalations while support talks to the customer (409 when closed)")
    public DataEnvelope<DunningCaseView> pauseEscalation(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId) {
        commands.sendAndWait(new HoldDunningEscalation(dunningId));
        return DataEnvelope.of(viewAfterWrite(dunningId));
    }

    @PostMapping("/{dunningId}/resume-escalation")
    @Operation(summary = "Let the held case go on; a step whose time passed meanwhile happens at once (409 when closed)")
    public DataEnvelope<DunningCaseView> resumeEscalation(@PathVariable @Pattern(regexp = Ids.DUNNING_ID) String dunningId) {
        commands.sendAndWait(new ResumeDunningEscalation(dunningId));
        return DataEnvelope.of(viewAfterWrite(dunningId));
    }

    private DunningCaseView viewAfterWrite(String dunningId) {
        return queries.query(new FindDunningCase(dunningId, null, versions.of(dunningId)),
                        ResponseTypes.optionalInstanceOf(DunningCaseView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(dunningId));
    }
}
