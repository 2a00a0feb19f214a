package io.billing.ledger.command.testclock;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.testclock.AdvanceTestClock;
import io.billing.ledger.api.testclock.CompleteTestClockAdvance;
import io.billing.ledger.api.testclock.CreateTestClock;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import io.billing.ledger.api.testclock.TestClockStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A clock that only moves when told to, as Stripe's test clocks. An advance moves the
 * frozen time forward at once; the billing scheduler then carries out, in time order, every
 * transition that fell due for the customers on this clock, and completes the advance.
 */
@Aggregate
public class TestClockAggregate {

    /** One advance at most this far, so that a typo cannot ask for centuries of renewals. */
    static final Duration LONGEST_ADVANCE = Duration.ofDays(366 * 3);

    @AggregateIdentifier
    private String testClockId;
    private Instant frozenTime;
    private TestClockStatus status;

    protected TestClockAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public TestClockAggregate(CreateTestClock command) {
        apply(new TestClockCreated(command.testClockId(), command.name(), command.frozenTime()));
    }

    @CommandHandler
    public void handle(AdvanceTestClock command) {
        if (status == TestClockStatus.ADVANCING) {
            throw new ConflictException("Test clock " + testClockId + " is still advancing to " + frozenTime
                    + "; wait until it is ready", status.wire(), List.of(TestClockStatus.READY.wire()));
        }
        if (!command.frozenTime().isAfter(frozenTime)) {
            throw new InvalidRequestException("frozenTime", "not_later",
                    "frozenTime must be later than the clock's current time " + frozenTime);
        }
        if (Duration.between(frozenTime, command.frozenTime()).compareTo(LONGEST_ADVANCE) > 0) {
            throw new InvalidRequestException("frozenTime", "too_far",
                    "A test clock advances at most " + LONGEST_ADVANCE.toDays() + " days at a time");
        }
        apply(new TestClockAdvanceStarted(testClockId, frozenTime, command.frozenTime()));
    }

    @CommandHandler
    public void handle(CompleteTestClockAdvance command) {
        if (status != TestClockStatus.ADVANCING || !frozenTime.equals(command.frozenTime())) {
            return; // completed already: a repeat changes nothing
        }
        apply(new TestClockAdvanced(testClockId, frozenTime));
    }

    @EventSourcingHandler
    void on(TestClockCreated event) {
        testClockId = event.testClockId();
        frozenTime = event.frozenTime();
        status = TestClockStatus.READY;
    }

    @EventSourcingHandler
    void on(TestClockAdvanceStarted event) {
        frozenTime = event.frozenTime();
        status = TestClockStatus.ADVANCING;
    }

    @EventSourcingHandler
    void on(TestClockAdvanced event) {
        status = TestClockStatus.READY;
    }
}
