package io.billing.ledger.api.testclock;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A test clock began moving its frozen time from {@code previousFrozenTime} to {@code frozenTime}.
 * Recorded before these names as {@code from}/{@code to} (a pair the API's conventions do not
 * use); those events still read.
 */
public record TestClockAdvanceStarted(String testClockId, Instant previousFrozenTime, Instant frozenTime) {

    @JsonCreator
    public TestClockAdvanceStarted(@JsonProperty("testClockId") String testClockId,
                                   @JsonProperty("previousFrozenTime") @JsonAlias("from") Instant previousFrozenTime,
                                   @JsonProperty("frozenTime") @JsonAlias("to") Instant frozenTime) {
        this.testClockId = testClockId;
        this.previousFrozenTime = previousFrozenTime;
        this.frozenTime = frozenTime;
    }
}
