package io.billing.ledger.server.projection;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Each dead-lettering projection's dead letters and lag, read now (for the admin view and readiness). */
@Component
public class ProjectionStates {

    private final DeadLetters deadLetters;
    private final ProjectionLag lag;

    public ProjectionStates(DeadLetters deadLetters, ProjectionLag lag) {
        this.deadLetters = deadLetters;
        this.lag = lag;
    }

    public List<ProjectionState> now() {
        List<ProjectionState> states = new ArrayList<>();
        for (String processor : deadLetters.processors()) {
            states.add(new ProjectionState(processor, deadLetters.count(processor), lag.of(processor)));
        }
        return states;
    }
}
