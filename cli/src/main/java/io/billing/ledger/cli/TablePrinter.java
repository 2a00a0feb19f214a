package io.billing.ledger.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints rows as left-aligned columns separated by two spaces, the way {@code kubectl} and
 * {@code docker} do, so the output stays readable and still splits cleanly with {@code awk}.
 */
public final class TablePrinter {

    private static final String GAP = "  ";
    private static final String EMPTY = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public TablePrinter(String... headers) {
        this.headers = List.of(headers);
    }

    public TablePrinter row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(TablePrinter::text).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        printLine(out, headers, widths);
        for (List<String> row : rows) {
            printLine(out, row, widths);
        }
        out.flush();
    }

    /** One resource as "Label:  value" lines; pass a LinkedHashMap so the fields keep their order. */
    public static void printFields(PrintWriter out, Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((label, value) ->
                out.println((pad(label + ":", width + 1) + " " + text(value)).stripTrailing()));
        out.flush();
    }

    private static void printLine(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            boolean last = column == cells.size() - 1;
            // No padding after the last column: trailing blanks only confuse diffs and copy-paste.
            line.append(last ? cells.get(column) : pad(cells.get(column), widths[column]) + GAP);
        }
        out.println(line.toString().stripTrailing());
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }

    private static String text(Object value) {
        if (value == null) {
            return EMPTY;
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? EMPTY : text.replace('\n', ' ').replace('\t', ' ');
    }
}
