package io.billing.ledger.server.ledger;

import io.billing.ledger.server.ledger.LedgerModel.Kind;
import io.billing.ledger.server.ledger.LedgerModel.Plan;
import io.billing.ledger.server.ledger.LedgerModel.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The histories both ledger properties generate: random steps, plus the awkward runs issue 9 names,
 * generated on purpose so that every run has a fair chance of containing one.
 */
final class LedgerHistories {

    static final Plan M990 = Plan.flat("M990", 990, false, 0);
    static final Plan M3100 = Plan.flat("M3100", 3100, false, 0);
    static final Plan M6200 = Plan.flat("M6200", 6200, false, 0);
    static final Plan Y36600 = Plan.flat("Y36600", 36600, true, 0);
    static final Plan Y120000 = Plan.flat("Y120000", 120000, true, 0);
    static final Plan T3100 = Plan.flat("T3100", 3100, false, 14);
    static final Plan TY36600 = Plan.flat("TY36600", 36600, true, 7);
    static final Plan U25 = new Plan("U25", 25, false, true, 0, "usd");
    static final List<Plan> PLANS = List.of(M990, M3100, M6200, Y36600, Y120000, T3100, TY36600, U25);

    private LedgerHistories() {
    }

    static Arbitrary<Plan> targets() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(M990, M3100, M6200)),
                Tuple.of(2, Arbitraries.of(Y36600, Y120000)), Tuple.of(2, Arbitraries.just(U25)));
    }

    static Arbitrary<Plan> startPlans() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(M990, M3100, M6200)),
                Tuple.of(2, Arbitraries.of(Y36600, Y120000)), Tuple.of(2, Arbitraries.of(T3100, TY36600)),
                Tuple.of(2, Arbitraries.just(U25)));
    }

    static Arbitrary<String> behaviours() {
        return Arbitraries.of("create_prorations", "always_invoice", "none");
    }

    /** 0: the default anchor (the paid start's day, capped at 28). */
    static Arbitrary<Integer> anchorDays() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 28)));
    }

    /** Starts in any month of 2024–2031 (leap years included), half of them on the 29th–31st, at any second of the day. */
    static Arbitrary<Instant> starts() {
        Arbitrary<Integer> days = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(1, 28)),
                Tuple.of(1, Arbitraries.integers().between(29, 31)));
        return Combinators.combine(Arbitraries.integers().between(2024, 2031), Arbitraries.integers().between(1, 12),
                days, Arbitraries.integers().between(0, 86_399)).as((year, month, day, second) -> {
                    YearMonth yearMonth = YearMonth.of(year, month);
                    int dayOfMonth = Math.min(day, yearMonth.lengthOfMonth());
                    return LocalDateTime.of(year, month, dayOfMonth, 0, 0).plusSeconds(second).toInstant(ZoneOffset.UTC);
                });
    }

    private static Arbitrary<Integer> gaps() {
        return Arbitraries.integers().between(1, 72);
    }

    /** Steps sorted by time; a run generated together keeps its order (the sort is stable). */
    static Arbitrary<List<Step>> histories(int maxRandomSteps, int maxOffsetHours) {
        return histories(maxRandomSteps, maxOffsetHours, false);
    }

    /** With {@code alwaysMetered}, one of the two awkward runs is always a metered one (usage, cancels, pauses). */
    static Arbitrary<List<Step>> histories(int maxRandomSteps, int maxOffsetHours, boolean alwaysMetered) {
        Arbitrary<Integer> offsets = Arbitraries.integers().between(1, maxOffsetHours);
        Arbitrary<Step> random = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(offsets, targets(), behaviours()).as(Step::change)),
                Tuple.of(3, Combinators.combine(offsets, Arbitraries.longs().between(1, 5), behaviours())
                        .as(Step::quantity)),
                Tuple.of(2, Combinators.combine(offsets, Arbitraries.of(false, true)).as(Step::cancel)),
                Tuple.of(1, offsets.map(at -> Step.of(Kind.REACTIVATE, at))),
                Tuple.of(1, offsets.map(at -> Step.of(Kind.PAUSE, at))),
                Tuple.of(1, offsets.map(at -> Step.of(Kind.RESUME, at))),
                Tuple.of(3, Combinators.combine(offsets, Arbitraries.longs().between(1, 40)).as(Step::usage)));
        Arbitrary<String> invoicedMostly = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("always_invoice")),
                Tuple.of(1, behaviours()));
        // several changes (plan or quantity) at one instant
        Arbitrary<Step> burstStep = Arbitraries.frequencyOf(
                Tuple.of(2, Combinators.combine(targets(), invoicedMostly).as((plan, b) -> Step.change(0, plan, b))),
                Tuple.of(1, Combinators.combine(Arbitraries.longs().between(1, 5), invoicedMostly)
                        .as((seats, b) -> Step.quantity(0, seats, b))));
        Arbitrary<List<Step>> burst = Combinators.combine(offsets, burstStep.list().ofMinSize(2).ofMaxSize(3))
                .as((at, steps) -> steps.stream().map(step -> new Step(step.kind(), at, false, step.plan(),
                        step.amount(), step.behaviour(), step.prorate())).toList());
        // cancel → reactivate → cancel in one period
        Arbitrary<List<Step>> cancelTwice = Combinators.combine(offsets, gaps(), gaps(), Arbitraries.of(false, true),
                Arbitraries.of(false, true)).as((at, g1, g2, p1, p2) -> List.of(Step.cancel(at, p1),
                Step.of(Kind.REACTIVATE, at + g1), Step.cancel(at + g1 + g2, p2)));
        // cancel with credit → reactivate → change (of plan or of quantity)
        Arbitrary<Step> anyChange = Arbitraries.frequencyOf(
                Tuple.of(2, Combinators.combine(targets(), behaviours()).as((plan, b) -> Step.change(0, plan, b))),
                Tuple.of(1, Combinators.combine(Arbitraries.longs().between(1, 5), behaviours())
                        .as((seats, b) -> Step.quantity(0, seats, b))));
        Arbitrary<List<Step>> creditThenChange = Combinators.combine(offsets, gaps(), gaps(), anyChange)
                .as((at, g1, g2, change) -> List.of(Step.cancel(at, true), Step.of(Kind.REACTIVATE, at + g1),
                        new Step(change.kind(), at + g1 + g2, false, change.plan(), change.amount(),
                                change.behaviour(), false)));
        // month → year → month
        Arbitrary<List<Step>> intervalSwitch = Combinators.combine(offsets, gaps(), Arbitraries.of(Y36600, Y120000),
                Arbitraries.of(M990, M3100, M6200, U25), behaviours(), behaviours()).as((at, gap, year, month, b1, b2) ->
                List.of(Step.change(at, year, b1), Step.change(at + gap * 5, month, b2)));
        // pause → (perhaps past the period end) → resume
        Arbitrary<List<Step>> pauseResume = Combinators.combine(offsets, Arbitraries.integers().between(1, 40 * 24))
                .as((at, gap) -> List.of(Step.of(Kind.PAUSE, at), Step.of(Kind.RESUME, at + gap)));
        Arbitrary<Long> units = Arbitraries.longs().between(1, 40);
        // onto a metered plan, usage, and off it again (to a flat plan, perhaps of the other interval)
        Arbitrary<List<Step>> metered = Combinators.combine(offsets, gaps(), gaps(), units, units, targets(),
                behaviours(), behaviours()).as((at, g1, g2, u1, u2, target, b1, b2) -> List.of(
                Step.change(at, U25, b1), Step.usage(at + g1, u1), Step.usage(at + g1 + g2, u2),
                Step.change(at + g1 + g2 + 1, target, b2)));
        // usage, cancel → reactivate, usage again in the same period
        Arbitrary<List<Step>> meteredCancel = Combinators.combine(offsets, gaps(), gaps(), units, units,
                Arbitraries.of(false, true), behaviours()).as((at, g1, g2, u1, u2, prorate, b) -> List.of(
                Step.change(at, U25, b), Step.usage(at, u1), Step.cancel(at + g1, prorate),
                Step.of(Kind.REACTIVATE, at + g1 + g2), Step.usage(at + g1 + g2, u2)));
        // usage, then a pause that may outlast the period
        Arbitrary<List<Step>> meteredPause = Combinators.combine(offsets, units, Arbitraries.integers().between(1, 40 * 24),
                behaviours()).as((at, u, gap, b) -> List.of(Step.change(at, U25, b), Step.usage(at, u),
                Step.of(Kind.PAUSE, at + 1), Step.of(Kind.RESUME, at + 1 + gap)));
        Arbitrary<List<Step>> awkward = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.<Step>of())),
                Tuple.of(2, burst), Tuple.of(2, cancelTwice), Tuple.of(2, creditThenChange), Tuple.of(2, intervalSwitch),
                Tuple.of(2, pauseResume), Tuple.of(1, metered), Tuple.of(1, meteredCancel), Tuple.of(1, meteredPause));
        Arbitrary<List<Step>> second = alwaysMetered ? Arbitraries.oneOf(metered, meteredCancel, meteredPause) : awkward;
        return Combinators.combine(random.list().ofMaxSize(maxRandomSteps), awkward, second).as((steps, run1, run2) -> {
            List<Step> all = new ArrayList<>(steps);
            all.addAll(run1);
            all.addAll(run2);
            all.sort(Comparator.comparingInt(Step::offsetHours)); // stable: a burst keeps its order
            return all;
        });
    }

    /** What a history contained, for jqwik's statistics (checks the generators reach every shape). */
    static String shapeOf(List<String> applied) {
        return String.join(" ", applied);
    }
}
