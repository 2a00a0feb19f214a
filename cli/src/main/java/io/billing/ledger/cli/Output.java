package io.billing.ledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.ErrorEnvelope;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where results and errors are printed, in the format the operator chose: every
 * command hands over JSON from the server and says which columns matter, and this class renders a
 * list, a single resource or an error as a table or as JSON.
 */
final class Output {

    enum Format {
        TABLE, JSON,
        /** Drawn in the terminal by the commands that have a chart (billing metrics); a table elsewhere. */
        CHART;

        static Format fromWire(String value) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(value)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("expected table, json or chart, got '" + value + "'");
        }
    }

    private final Format format;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper mapper;

    Output(Format format, PrintWriter out, PrintWriter err, ObjectMapper mapper) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.mapper = mapper;
    }

    boolean json() {
        return format == Format.JSON;
    }

    boolean chart() {
        return format == Format.CHART;
    }

    PrintWriter out() {
        return out;
    }

    /** A page of resources: a table with a page footer, or the JSON array of the page. */
    void list(ApiClient.Response response, List<Column> columns) {
        if (json()) {
            printJson(response.data());
            return;
        }
        table(response.data(), columns);
        JsonNode meta = response.meta();
        if (meta.isObject()) {
            out.printf("%nPage %d of %d (%d total)%n", meta.path("page").asLong(), meta.path("totalPages").asLong(),
                    meta.path("totalCount").asLong());
            out.flush();
        }
    }

    /** Rows of a table without paging (lines of an invoice, entries of a history). */
    void table(JsonNode rows, List<Column> columns) {
        TablePrinter table = new TablePrinter(columns.stream().map(Column::heading).toArray(String[]::new));
        for (JsonNode row : rows) {
            table.row(columns.stream().map(column -> column.cell().apply(row)).toArray());
        }
        table.print(out);
    }

    /** One resource as "Label: value" lines, or its JSON object. */
    void object(JsonNode resource, List<Column> fields) {
        if (json()) {
            printJson(resource);
            return;
        }
        Map<String, Object> lines = new LinkedHashMap<>();
        fields.forEach(field -> lines.put(field.heading(), field.cell().apply(resource)));
        TablePrinter.printFields(out, lines);
    }

    /** A remark for a human (a secret shown once, a replayed record); on stderr so stdout stays data. */
    void notice(String text) {
        err.println(text);
        err.flush();
    }

    void printJson(JsonNode node) {
        out.println(pretty(node));
        out.flush();
    }

    /**
     * An error answer from the server. As JSON it is the server's own envelope, so a script can read
     * {@code .error.code}; as text it is a short report for a human.
     */
    void error(ApiException exception) {
        ErrorEnvelope.Error error = exception.error();
        if (json()) {
            err.println(pretty(mapper.valueToTree(new ErrorEnvelope(error))));
            err.flush();
            return;
        }
        err.printf("error: %s (HTTP %d): %s%n", error.code(), exception.status(), error.message());
        if (error.details() != null) {
            for (ErrorEnvelope.FieldError detail : error.details()) {
                err.printf("  - %s: %s%s%n", detail.field() == null ? "(request)" : detail.field(), detail.message(),
                        detail.code() == null ? "" : " [" + detail.code() + "]");
            }
        }
        if (error.currentStatus() != null) {
            err.printf("  current status: %s%n", error.currentStatus());
        }
        if (error.allowedTransitions() != null && !error.allowedTransitions().isEmpty()) {
            err.printf("  allowed transitions: %s%n", String.join(", ", error.allowedTransitions()));
        }
        if (error.requestId() != null) {
            err.printf("request id: %s%n", error.requestId());
        }
        err.flush();
    }

    /** A failure that never reached the server (unreachable, bad usage), in the same shape as the server's. */
    void failure(String code, String message) {
        if (json()) {
            err.println(pretty(mapper.valueToTree(new ErrorEnvelope(
                    new ErrorEnvelope.Error(code, message, List.of(), null, null, null)))));
        } else {
            err.println("error: " + message);
        }
        err.flush();
    }

    private String pretty(JsonNode node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }
}
