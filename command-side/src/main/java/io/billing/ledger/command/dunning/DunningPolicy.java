package io.billing.ledger.command.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.Escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dunning policy as data (DESIGN §5 flow 5): {@code steps} retry times, the i-th that many
 * minutes after the first failed attempt, and the escalation ladder, each rung after the n-th of
 * those times has passed without payment. Pure functions only: the aggregate asks it, and the
 * property tests check it. A case records the policy it started with ({@code DunningStarted}).
 */
public record DunningPolicy(int maxRetries, List<Long> scheduleMinutes, List<Escalation> escalation) {

    public static final String DEFAULT_SCHEDULE = "60,300,1800,7200,43200";
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final String DEFAULT_ESCALATION = "notify@1,pause@3,cancel@5";

    /** Checks the invariants; a policy that breaks one is refused (at start, as an invalid setting). */
    public DunningPolicy {
        scheduleMinutes = List.copyOf(scheduleMinutes);
        escalation = List.copyOf(escalation);
        if (maxRetries < 1 || maxRetries > 100) {
            throw new InvalidDunningSetting("DUNNING_MAX_RETRIES", "an integer from 1 to 100");
        }
        if (scheduleMinutes.size() < maxRetries) {
            throw new InvalidDunningSetting("DUNNING_SCHEDULE_MINUTES", "at least DUNNING_MAX_RETRIES (" + maxRetries
                    + ") times, not " + scheduleMinutes.size());
        }
        long previous = 0;
        for (long minutes : scheduleMinutes) {
            if (minutes <= previous) {
                throw new InvalidDunningSetting("DUNNING_SCHEDULE_MINUTES",
                        "positive minutes after the first failure, strictly increasing (each counted from the first failure)");
            }
            previous = minutes;
        }
        int lastStep = 0;
        DunningAction lastAction = null;
        for (Escalation rung : escalation) {
            if (rung.action() == DunningAction.RETRY) {
                throw new InvalidDunningSetting("DUNNING_ESCALATION", "actions notify, pause or cancel");
            }
            if (rung.afterStep() < 1 || rung.afterStep() > maxRetries) {
                throw new InvalidDunningSetting("DUNNING_ESCALATION",
                        "steps from 1 to DUNNING_MAX_RETRIES (" + maxRetries + ")");
            }
            if (rung.afterStep() <= lastStep || (lastAction != null && rung.action().ordinal() <= lastAction.ordinal())) {
                throw new InvalidDunningSetting("DUNNING_ESCALATION",
                        "rungs in order, each action once: notify before pause before cancel, at increasing steps");
            }
            lastStep = rung.afterStep();
            lastAction = rung.action();
        }
    }

    public static DunningPolicy defaults() {
        return parse(DEFAULT_SCHEDULE, Integer.toString(DEFAULT_MAX_RETRIES), DEFAULT_ESCALATION);
    }

    /** The three settings as the environment gives them; an {@link InvalidDunningSetting} names the variable at fault. */
    public static DunningPolicy parse(String scheduleMinutes, String maxRetries, String escalation) {
        int max;
        try {
            max = Integer.parseInt(maxRetries.trim());
        } catch (NumberFormatException e) {
            throw new InvalidDunningSetting("DUNNING_MAX_RETRIES", "an integer from 1 to 100");
        }
        List<Long> schedule = new ArrayList<>();
        for (String part : scheduleMinutes.split(",", -1)) {
            try {
                schedule.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidDunningSetting("DUNNING_SCHEDULE_MINUTES", "comma-separated whole minutes, e.g. 60,300,1800");
            }
        }
        List<Escalation> ladder = new ArrayList<>();
        if (!escalation.isBlank()) {
            for (String part : escalation.split(",", -1)) {
                String[] rung = part.trim().split("@", -1);
                if (rung.length != 2) {
                    throw new InvalidDunningSetting("DUNNING_ESCALATION", "action@step rungs, e.g. notify@1,pause@3,cancel@5");
                }
                try {
                    ladder.add(new Escalation(DunningAction.fromWire(rung[0].trim()), Integer.parseInt(rung[1].trim())));
                } catch (IllegalArgumentException e) {
                    throw new InvalidDunningSetting("DUNNING_ESCALATION", "action@step rungs, e.g. notify@1,pause@3,cancel@5");
                }
            }
        }
        return new DunningPolicy(max, schedule, ladder);
    }

    /** How many times the schedule has: one retry may happen at each, never more than {@code maxRetries}. */
    public int steps() {
        return maxRetries;
    }

    /** When the {@code step}-th time (1-based) falls: counted from the first failure, not from the previous retry. */
    public Instant stepAt(Instant firstFailure, int step) {
        if (step < 1 || step > steps()) {
            throw new IllegalArgumentException("no step " + step + " in a schedule of " + steps());
        }
        return firstFailure.plus(Duration.ofMinutes(scheduleMinutes.get(step - 1)));
    }

    /** The rungs due once the {@code step}-th time has passed without payment, in ladder order. */
    public List<Escalation> escalationsThrough(int step) {
        return escalation.stream().filter(rung -> rung.afterStep() <= step).toList();
    }

    /** The first step after {@code step} at which a rung not yet {@code taken} is due, or the last step. */
    public int nextStepWithEscalation(int step, List<DunningAction> taken) {
        Optional<Escalation> next = escalation.stream()
                .filter(rung -> rung.afterStep() > step && !taken.contains(rung.action()))
                .findFirst();
        return next.map(Escalation::afterStep).orElse(steps());
    }

    /** Whether the ladder cancels: a case then ends exhausted at that rung, else after the last step. */
    public Optional<Escalation> cancellation() {
        return escalation.stream().filter(rung -> rung.action() == DunningAction.CANCEL).findFirst();
    }

    /** The ladder as DUNNING_ESCALATION writes it. */
    public String escalationSetting() {
        return String.join(",", escalation.stream().map(r -> r.action().wire() + "@" + r.afterStep()).toList());
    }
}
