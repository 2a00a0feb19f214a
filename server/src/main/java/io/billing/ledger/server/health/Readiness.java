package io.billing.ledger.server.health;

import io.billing.ledger.server.projection.ProjectionState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this node should receive traffic: every projection applies what it is given (no
 * dead letters) and keeps up (lag at most the allowed). A plain function of what was measured.
 */
public final class Readiness {

    private Readiness() {
    }

    public static Verdict judge(List<ProjectionState> projections, Duration maxLag) {
        List<Reason> reasons = new ArrayList<>();
        for (ProjectionState projection : projections) {
            if (projection.deadLetters() > 0) {
                reasons.add(new Reason(projection.processor(), "dead_letters",
                        projection.deadLetters() + " event(s) could not be applied and are parked"));
            }
            if (projection.lag().compareTo(maxLag) > 0) {
                reasons.add(new Reason(projection.processor(), "lagging",
                        "the oldest unprocessed event is " + projection.lag().toMillis() + " ms old (allowed "
                                + maxLag.toMillis() + " ms)"));
            }
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }

    /** Why a projection keeps the node from being ready. */
    public record Reason(String processor, String reason, String message) {
    }

    public record Verdict(boolean ready, List<Reason> reasons) {
    }
}
