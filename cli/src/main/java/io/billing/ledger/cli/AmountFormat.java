package io.billing.ledger.cli;

import java.util.Currency;
import java.util.Locale;

/**
 * Renders an amount in minor units as a decimal with its currency, e.g. 2900 usd → "29.00 USD".
 * Pure integer arithmetic: a double would print 0.1 + 0.2 cents wrong sooner or later, and money
 * shown to an operator must match the ledger digit for digit.
 */
public final class AmountFormat {

    private AmountFormat() {
    }

    public static String format(long minorUnits, String currency) {
        String code = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
        int digits = fractionDigits(code);
        String sign = minorUnits < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; go through the string form to stay exact.
        String magnitude = Long.toString(minorUnits).replace("-", "");
        if (digits > 0) {
            if (magnitude.length() <= digits) {
                magnitude = "0".repeat(digits - magnitude.length() + 1) + magnitude;
            }
            int point = magnitude.length() - digits;
            magnitude = magnitude.substring(0, point) + "." + magnitude.substring(point);
        }
        return (sign + magnitude + " " + code).strip();
    }

    /** "2900 (29.00 USD)": the exact stored value for scripts next to what a person reads. */
    public static String withMinorUnits(long minorUnits, String currency) {
        return minorUnits + " (" + format(minorUnits, currency) + ")";
    }

    private static int fractionDigits(String code) {
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            // Pseudo-currencies (XAU, XXX) report -1; treat them like the common case.
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return 2;
        }
    }
}
