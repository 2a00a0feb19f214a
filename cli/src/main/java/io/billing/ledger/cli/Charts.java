package io.billing.ledger.cli;

import java.math.BigInteger;
import java.util.List;

/**
 * Terminal charts in Unicode block characters, without a library: a sparkline, horizontal bars
 * with eighth-cell resolution, and a shade for a share. Integer arithmetic only, so the same
 * numbers always draw the same picture.
 */
final class Charts {

    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    private static final String EIGHTHS = "▏▎▍▌▋▊▉█";
    private static final String SHADES = " ░▒▓█";

    private Charts() {
    }

    /** One character per value, its height proportional to the value (zero is the lowest, the largest the top). */
    static String sparkline(List<Long> values) {
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder line = new StringBuilder();
        for (long value : values) {
            int level = max <= 0 || value <= 0 ? 0 : (int) Math.min(7, value * 7 / max);
            line.append(SPARKS.charAt(level));
        }
        return line.toString();
    }

    /** A bar of at most {@code width} cells, as long as {@code value} is against {@code max} (to an eighth of a cell). */
    static String bar(long value, long max, int width) {
        if (max <= 0 || value <= 0) {
            return "";
        }
        long eighths = Math.max(1, Math.min((long) width * 8, scaled(value, max, width * 8L)));
        StringBuilder bar = new StringBuilder("█".repeat((int) (eighths / 8)));
        if (eighths % 8 != 0) {
            bar.append(EIGHTHS.charAt((int) (eighths % 8) - 1));
        }
        return bar.toString();
    }

    /** {@code value × units / max}, floored, without overflow for any amount a ledger holds. */
    private static long scaled(long value, long max, long units) {
        return BigInteger.valueOf(value).multiply(BigInteger.valueOf(units))
                .divide(BigInteger.valueOf(max)).longValue();
    }

    /** A cell shaded by a share in percent: blank for 0, full for 100. */
    static char shade(int percent) {
        if (percent <= 0) {
            return SHADES.charAt(0);
        }
        if (percent >= 100) {
            return SHADES.charAt(4);
        }
        return SHADES.charAt(1 + Math.min(2, percent * 3 / 100));
    }

    /** {@code part / whole} in whole percent, rounded half up (a display figure, not money). */
    static int percent(long part, long whole) {
        if (whole <= 0) {
            return 0;
        }
        return (int) ((200 * part + whole) / (2 * whole));
    }
}
