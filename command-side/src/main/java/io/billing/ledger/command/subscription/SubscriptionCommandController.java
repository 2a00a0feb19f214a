package io.billing.ledger.command.subscription;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.invoice.AwaitInvoicing;
import io.billing.ledger.api.subscription.CancelSubscription;
import io.billing.ledger.api.subscription.ChangeSubscriptionPlan;
import io.billing.ledger.api.subscription.CreateSubscription;
import io.billing.ledger.api.subscription.FindSubscription;
import io.billing.ledger.api.subscription.PauseSubscription;
import io.billing.ledger.api.subscription.ReactivateSubscription;
import io.billing.ledger.api.subscription.ResumeSubscription;
import io.billing.ledger.api.subscription.SubscriptionView;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

@RestController
@RequestMapping("/v1/subscriptions")
@Tag(name = "Subscriptions")
@RequiresScope(ApiKeyScope.WRITE)
public class SubscriptionCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;

    public SubscriptionCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe a customer to a plan (a trial first when the plan has one)")
    public DataEnvelope<SubscriptionView> create(@Valid @RequestBody CreateSubscriptionRequest request) {
        String subscriptionId = Ids.next(Ids.SUBSCRIPTION);
        commands.sendAndWait(new CreateSubscription(subscriptionId, request.customerId(), request.planId(),
                request.billingAnchorDay(), request.quantity() == null ? 1 : request.quantity(),
                request.metadata() == null ? Map.of() : request.metadata()));
        awaitInvoicing();
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    @PostMapping("/{subscriptionId}/cancel")
    @Operation(summary = "Cancel now (default; `prorate` credits the unused time) or at the period end")
    public DataEnvelope<SubscriptionView> cancel(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @Valid @RequestBody(required = false) CancelSubscriptionRequest request) {
        if (request != null) {
            request.requireConsistent();
        }
        boolean atPeriodEnd = request != null && Boolean.TRUE.equals(request.atPeriodEnd());
        boolean prorate = request != null && Boolean.TRUE.equals(request.prorate());
        commands.sendAndWait(new CancelSubscription(subscriptionId, atPeriodEnd, prorate));
        awaitInvoicing();
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    @PostMapping("/{subscriptionId}/reactivate")
    @Operation(summary = "Undo a cancellation while the paid period has not ended")
    public DataEnvelope<SubscriptionView> reactivate(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId) {
        commands.sendAndWait(new ReactivateSubscription(subscriptionId));
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    @PostMapping("/{subscriptionId}/change-plan")
    @Operation(summary = "Move to another plan and/or quantity, with proration to the second")
    public DataEnvelope<SubscriptionView> changePlan(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @Valid @RequestBody ChangePlanRequest request) {
        commands.sendAndWait(new ChangeSubscriptionPlan(subscriptionId, request.planId(), request.quantity(),
                request.prorationBehavior()));
        awaitInvoicing();
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    @PostMapping("/{subscriptionId}/pause")
    @Operation(summary = "Pause billing: no renewal happens while paused")
    public DataEnvelope<SubscriptionView> pause(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId) {
        commands.sendAndWait(new PauseSubscription(subscriptionId));
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    @PostMapping("/{subscriptionId}/resume")
    @Operation(summary = "Resume a paused subscription")
    public DataEnvelope<SubscriptionView> resume(
            @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId) {
        commands.sendAndWait(new ResumeSubscription(subscriptionId));
        awaitInvoicing();
        return DataEnvelope.of(viewAfterWrite(subscriptionId));
    }

    /**
     * The invoicing processor drafts what the command caused after its transaction: answer once
     * the invoice exists and shows in the invoice read model (bounded by the read-model wait), so
     * that the client's next read of its invoices sees it.
     */
    private void awaitInvoicing() {
        queries.query(new AwaitInvoicing(), Boolean.class).join();
    }

    private SubscriptionView viewAfterWrite(String subscriptionId) {
        return queries.query(new FindSubscription(subscriptionId, versions.of(subscriptionId)),
                        ResponseTypes.optionalInstanceOf(SubscriptionView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(subscriptionId));
    }
}
