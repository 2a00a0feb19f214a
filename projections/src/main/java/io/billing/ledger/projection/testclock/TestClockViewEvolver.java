package io.billing.ledger.projection.testclock;

import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import io.billing.ledger.api.testclock.TestClockStatus;
import io.billing.ledger.api.testclock.TestClockView;

import java.time.Instant;

/**
 * How one event changes a test clock as the API shows it, computed from the events alone: what
 * {@link TestClockDirectoryProjection} writes, for the answer to a write whose read model has not
 * caught up yet.
 */
public final class TestClockViewEvolver {

    private TestClockViewEvolver() {
    }

    public static TestClockView apply(TestClockView v, Object event, Instant at, long version) {
        if (event instanceof TestClockCreated e) {
            return new TestClockView(e.testClockId(), e.name(), e.frozenTime(), TestClockStatus.READY, null, at, at,
                    version);
        }
        if (v == null) {
            return null;
        }
        if (event instanceof TestClockAdvanceStarted e) {
            return new TestClockView(v.id(), v.name(), e.frozenTime(), TestClockStatus.ADVANCING, e.frozenTime(), v.createdAt(), at,
                    version);
        }
        if (event instanceof TestClockAdvanced e) {
            return new TestClockView(v.id(), v.name(), e.frozenTime(), TestClockStatus.READY, null, v.createdAt(), at,
                    version);
        }
        return v;
    }
}
