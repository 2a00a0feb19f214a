package io.billing.ledger.command.testclock;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.testclock.AdvanceTestClock;
import io.billing.ledger.api.testclock.CompleteTestClockAdvance;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class TestClockAggregateTest {

    private static final String CLOCK = "clk_00000000-0000-0000-0000-000000000001";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-01T00:00:00Z");

    private AggregateTestFixture<TestClockAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TestClockAggregate.class);
    }

    @Test
    void advancing_moves_the_frozen_time_and_starts_advancing() {
        fixture.given(new TestClockCreated(CLOCK, "demo", T0))
                .when(new AdvanceTestClock(CLOCK, T1))
                .expectEvents(new TestClockAdvanceStarted(CLOCK, T0, T1));
    }

    @Test
    void a_clock_never_goes_back_nor_stands_still() {
        fixture.given(new TestClockCreated(CLOCK, "demo", T1))
                .when(new AdvanceTestClock(CLOCK, T0))
                .expectException(InvalidRequestException.class);
        fixture.given(new TestClockCreated(CLOCK, "demo", T1))
                .when(new AdvanceTestClock(CLOCK, T1))
                .expectException(InvalidRequestException.class);
    }

    @Test
    void a_clock_that_is_still_advancing_refuses_another_advance() {
        fixture.given(new TestClockCreated(CLOCK, "demo", T0), new TestClockAdvanceStarted(CLOCK, T0, T1))
                .when(new AdvanceTestClock(CLOCK, T1.plusSeconds(60)))
                .expectException(ConflictException.class);
    }

    @Test
    void completing_an_advance_makes_the_clock_ready_once() {
        fixture.given(new TestClockCreated(CLOCK, "demo", T0), new TestClockAdvanceStarted(CLOCK, T0, T1))
                .when(new CompleteTestClockAdvance(CLOCK, T1))
                .expectEvents(new TestClockAdvanced(CLOCK, T1));
        fixture.given(new TestClockCreated(CLOCK, "demo", T0), new TestClockAdvanceStarted(CLOCK, T0, T1),
                        new TestClockAdvanced(CLOCK, T1))
                .when(new CompleteTestClockAdvance(CLOCK, T1))
                .expectNoEvents();
    }

    @Test
    void an_advance_of_more_than_three_years_is_refused() {
        fixture.given(new TestClockCreated(CLOCK, "demo", T0))
                .when(new AdvanceTestClock(CLOCK, Instant.parse("2030-01-01T00:00:00Z")))
                .expectException(InvalidRequestException.class);
    }
}
