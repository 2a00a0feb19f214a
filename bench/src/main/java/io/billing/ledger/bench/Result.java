package io.billing.ledger.bench;

import java.util.Locale;

/**
 * One measure's summary, printed as one line in the form scripts read (issue 15):
 * {@code RESULT <id> value=<number> unit=<unit> baseline=<number|-> ratio=<number|-> target=<text> met=<yes|no>}.
 * A measure whose window the CPU accounting found disturbed is not reported as a result: it
 * prints {@code UNMEASURED <id> reason=…} instead, so no script takes a disturbed figure for one.
 */
record Result(String id, double value, String unit, Double baseline, Double ratio, String target, boolean met,
              String disturbed) {

    static Result of(String id, double value, String unit, Double baseline, String target, boolean met) {
        Double ratio = baseline == null || baseline == 0 ? null : value / baseline;
        return new Result(id, value, unit, baseline, ratio, target, met, null);
    }

    Result disturbedBy(String why) {
        return new Result(id, value, unit, baseline, ratio, target, met, why);
    }

    String line() {
        if (disturbed != null) {
            return "UNMEASURED " + id + " reason=disturbed (" + disturbed + ")";
        }
        return String.format(Locale.ROOT, "RESULT %s value=%s unit=%s baseline=%s ratio=%s target=%s met=%s",
                id, number(value), unit, baseline == null ? "-" : number(baseline),
                ratio == null ? "-" : String.format(Locale.ROOT, "%.3f", ratio), target, met ? "yes" : "no");
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
