package io.billing.ledger.command.plan;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.plan.ArchivePlan;
import io.billing.ledger.api.plan.CreatePlan;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.plan.UpdatePlan;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A price list entry. Prices are immutable once created (as Stripe's): only the descriptive
 * fields change, and an archived plan accepts no change at all.
 */
@Aggregate
public class PlanAggregate {

    @AggregateIdentifier
    private String planId;
    private PlanStatus status;
    private String name;
    private String description;
    private int trialPeriodDays;
    private Map<String, Object> metadata;

    protected PlanAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public PlanAggregate(CreatePlan command) {
        apply(new PlanCreated(command.planId(), command.name(), command.description(), command.pricingModel(),
                command.price(), command.billingInterval(), command.trialPeriodDays(), command.metadata()));
    }

    @CommandHandler
    public void handle(UpdatePlan command) {
        requireActive("update");
        String newName = command.name() != null ? command.name() : name;
        String newDescription = command.description() != null ? emptyToNull(command.description()) : description;
        int newTrial = command.trialPeriodDays() != null ? command.trialPeriodDays() : trialPeriodDays;
        Map<String, Object> newMetadata = command.metadata() != null ? command.metadata() : metadata;
        if (Objects.equals(newName, name) && Objects.equals(newDescription, description)
                && newTrial == trialPeriodDays && Objects.equals(newMetadata, metadata)) {
            return; // nothing changes, so nothing goes on the record
        }
        apply(new PlanUpdated(planId, newName, newDescription, newTrial, newMetadata));
    }

    @CommandHandler
    public void handle(ArchivePlan command) {
        requireActive("archive");
        apply(new PlanArchived(planId));
    }

    private void requireActive(String action) {
        if (status != PlanStatus.ACTIVE) {
            throw new ConflictException("Cannot " + action + " plan " + planId + ": it is " + status.wire(),
                    status.wire(), List.of());
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    @EventSourcingHandler
    void on(PlanCreated event) {
        planId = event.planId();
        status = PlanStatus.ACTIVE;
        name = event.name();
        description = event.description();
        trialPeriodDays = event.trialPeriodDays();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(PlanUpdated event) {
        name = event.name();
        description = event.description();
        trialPeriodDays = event.trialPeriodDays();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(PlanArchived event) {
        status = PlanStatus.ARCHIVED;
    }
}
