package io.billing.ledger.command.plan;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.ArchivePlan;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.CreatePlan;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.plan.UpdatePlan;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

class PlanAggregateTest {

    private static final String PLAN = "plan_00000000-0000-0000-0000-000000000001";
    private static final PlanCreated STARTER = new PlanCreated(PLAN, "Starter", null, PricingModel.FLAT_RATE,
            Money.of(2999, "usd"), BillingInterval.MONTH, 0, Map.of());

    private AggregateTestFixture<PlanAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PlanAggregate.class);
    }

    @Test
    void creating_a_plan_records_its_price_and_terms() {
        fixture.givenNoPriorActivity()
                .when(new CreatePlan(PLAN, "Starter", null, PricingModel.FLAT_RATE, Money.of(2999, "usd"),
                        BillingInterval.MONTH, 0, Map.of()))
                .expectEvents(STARTER);
    }

    @Test
    void an_update_records_the_descriptive_fields_as_they_now_are() {
        fixture.given(STARTER)
                .when(new UpdatePlan(PLAN, null, "For small teams", 14, null))
                .expectEvents(new PlanUpdated(PLAN, "Starter", "For small teams", 14, Map.of()));
    }

    @Test
    void an_update_that_changes_nothing_records_nothing() {
        fixture.given(STARTER)
                .when(new UpdatePlan(PLAN, "Starter", null, 0, Map.of()))
                .expectNoEvents();
    }

    @Test
    void an_empty_description_clears_it() {
        fixture.given(STARTER, new PlanUpdated(PLAN, "Starter", "Old", 0, Map.of()))
                .when(new UpdatePlan(PLAN, null, "", null, null))
                .expectEvents(new PlanUpdated(PLAN, "Starter", null, 0, Map.of()));
    }

    @Test
    void archiving_an_active_plan_records_it() {
        fixture.given(STARTER)
                .when(new ArchivePlan(PLAN))
                .expectEvents(new PlanArchived(PLAN));
    }

    @Test
    void an_archived_plan_refuses_a_second_archive() {
        fixture.given(STARTER, new PlanArchived(PLAN))
                .when(new ArchivePlan(PLAN))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void an_archived_plan_refuses_edits() {
        fixture.given(STARTER, new PlanArchived(PLAN))
                .when(new UpdatePlan(PLAN, "New name", null, null, null))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }
}
