package io.billing.ledger.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TablePrinterTest {

    @Test
    void columns_are_as_wide_as_their_widest_cell_and_nulls_show_as_a_dash() {
        StringWriter out = new StringWriter();

        new TablePrinter("ID", "NAME", "NOTE")
                .row("a", "short", null)
                .row("abcdef", "x", "last column is not padded")
                .print(new PrintWriter(out));

        assertThat(out.toString()).isEqualTo("""
                ID      NAME   NOTE
                a       short  -
                abcdef  x      last column is not padded
                """);
    }

    @Test
    void fields_are_aligned_after_their_labels() {
        StringWriter out = new StringWriter();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ID", "plan_1");
        fields.put("Trial days", 14);

        TablePrinter.printFields(new PrintWriter(out), fields);

        assertThat(out.toString()).isEqualTo("""
                ID:         plan_1
                Trial days: 14
                """);
    }
}
