package io.billing.ledger.command.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningStatus;
import io.billing.ledger.api.dunning.Escalation;
import io.billing.ledger.api.dunning.RecordDunningPaymentFailure;
import io.billing.ledger.api.dunning.RetryDunningNow;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.dunning.RunDunningStep;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy as data, and every path through a case: the properties the issue names. */
class DunningPolicyProperties {

    static final String DUN = DunningCaseAggregateTest.DUN;
    static final Instant T0 = DunningCaseAggregateTest.T0;

    @Provide
    Arbitrary<DunningPolicy> policies() {
        Arbitrary<Integer> max = Arbitraries.integers().between(1, 8);
        return max.flatMap(m -> Combinators.combine(
                Arbitraries.longs().between(1, 5000).list().ofSize(m).map(DunningPolicyProperties::increasing),
                Arbitraries.of(DunningAction.NOTIFY, DunningAction.PAUSE, DunningAction.CANCEL).set()
                        .flatMap(actions -> Arbitraries.integers().between(1, m).set().ofSize(Math.min(actions.size(), m))
                                .map(steps -> ladder(actions.stream().sorted().toList(), steps.stream().sorted().toList()))))
                .as((schedule, ladder) -> new DunningPolicy(m, schedule, ladder)));
    }

    private static List<Long> increasing(List<Long> gaps) {
        List<Long> out = new ArrayList<>();
        long sum = 0;
        for (long gap : gaps) {
            sum += gap;
            out.add(sum);
        }
        return out;
    }

    private static List<Escalation> ladder(List<DunningAction> actions, List<Integer> steps) {
        List<Escalation> out = new ArrayList<>();
        for (int i = 0; i < Math.min(actions.size(), steps.size()); i++) {
            out.add(new Escalation(actions.get(i), steps.get(i)));
        }
        return out;
    }

    @Property
    void step_times_strictly_increase_from_the_first_failure(@ForAll("policies") DunningPolicy policy) {
        Instant previous = T0;
        for (int step = 1; step <= policy.steps(); step++) {
            Instant at = policy.stepAt(T0, step);
            assertThat(at).isAfter(previous);
            previous = at;
        }
    }

    @Property
    void a_policy_reads_back_from_its_settings(@ForAll("policies") DunningPolicy policy) {
        String schedule = String.join(",", policy.scheduleMinutes().stream().map(String::valueOf).toList());
        assertThat(DunningPolicy.parse(schedule, Integer.toString(policy.maxRetries()), policy.escalationSetting()))
                .isEqualTo(policy);
    }

    /** What the world does to an open case, in any order. */
    enum Input { STEP, FAIL_SOFT, FAIL_HARD, NEW_CARD }

    @Property(tries = 150)
    void every_path_ends_resolved_or_exhausted_never_above_the_cap_with_increasing_times(
            @ForAll("policies") DunningPolicy policy, @ForAll FailureKind first,
            @ForAll @Size(max = 25) List<Input> inputs) {
        AggregateTestFixture<DunningCaseAggregate> fixture = new AggregateTestFixture<>(DunningCaseAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> T0);
        fixture.registerInjectableResource(policy);
        AtomicInteger payments = new AtomicInteger();
        List<Object> commands = new ArrayList<>();
        commands.add(fail(payments, first));
        commands.addAll(inputs.stream().map(input -> switch (input) {
            case STEP -> new RunDunningStep(DUN, Instant.MAX.minusSeconds(1));
            case FAIL_SOFT -> fail(payments, FailureKind.SOFT);
            case FAIL_HARD -> fail(payments, FailureKind.HARD);
            case NEW_CARD -> new RetryDunningNow(DUN, RetryTrigger.PAYMENT_METHOD, T0);
        }).toList());
        // then nobody ever pays: each step falls due and each retry declines
        for (int i = 0; i < 2 * policy.steps() + 2; i++) {
            commands.add(new RunDunningStep(DUN, Instant.MAX.minusSeconds(1)));
            commands.add(fail(payments, FailureKind.SOFT));
        }
        fixture.givenCommands(commands).when(new RunDunningStep(DUN, Instant.MAX.minusSeconds(1)))
                .expectState(state -> {
                    assertThat(state.status()).isIn(DunningStatus.EXHAUSTED, DunningStatus.RESOLVED);
                    assertThat(state.retryCount()).isLessThanOrEqualTo(policy.maxRetries());
                });
        // the schedule never goes back a step, and each retry has the next number
        List<Integer> steps = new ArrayList<>();
        List<Integer> retries = new ArrayList<>();
        fixture.getEventStore().readEvents(DUN).asStream().map(EventMessage::getPayload).forEach(event -> {
            if (event instanceof io.billing.ledger.api.dunning.PaymentRetryScheduled retry) {
                steps.add(retry.step());
            } else if (event instanceof io.billing.ledger.api.dunning.DunningCheckpointScheduled checkpoint) {
                steps.add(checkpoint.step());
            } else if (event instanceof io.billing.ledger.api.dunning.PaymentRetryAttempted attempt) {
                retries.add(attempt.retryNumber());
            }
        });
        assertThat(steps).isSorted();
        for (int i = 0; i < retries.size(); i++) {
            assertThat(retries.get(i)).isEqualTo(i + 1);
        }
    }

    private static RecordDunningPaymentFailure fail(AtomicInteger payments, FailureKind kind) {
        return new RecordDunningPaymentFailure(DUN, DunningCaseAggregateTest.INV, DunningCaseAggregateTest.SUB,
                DunningCaseAggregateTest.CUST, null, "pay_" + payments.incrementAndGet(), "card_declined", null, kind,
                null, T0);
    }

    @Test
    void a_schedule_shorter_than_the_cap_or_a_ladder_out_of_order_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> DunningPolicy.parse("60,300", "5", "notify@1"))
                .isInstanceOfSatisfying(InvalidDunningSetting.class,
                        e -> assertThat(e.variable()).isEqualTo("DUNNING_SCHEDULE_MINUTES"));
        assertThatThrownBy(() -> DunningPolicy.parse("60,300,200", "3", ""))
                .isInstanceOfSatisfying(InvalidDunningSetting.class,
                        e -> assertThat(e.variable()).isEqualTo("DUNNING_SCHEDULE_MINUTES"));
        for (String ladder : List.of("pause@3,notify@1", "cancel@2,pause@3", "notify@1,notify@2", "notify@0",
                "cancel@6", "email@1", "notify1")) {
            assertThatThrownBy(() -> DunningPolicy.parse("60,300,1800,7200,43200", "5", ladder))
                    .as(ladder)
                    .isInstanceOfSatisfying(InvalidDunningSetting.class,
                            e -> assertThat(e.variable()).isEqualTo("DUNNING_ESCALATION"));
        }
        assertThat(DunningPolicy.defaults().escalationSetting()).isEqualTo("notify@1,pause@3,cancel@5");
    }
}
