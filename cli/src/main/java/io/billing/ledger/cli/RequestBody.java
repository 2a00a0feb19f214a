package io.billing.ledger.cli;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON request body built from command options. Absent options are left out rather than sent
 * as null, because on PATCH an explicit null would mean "clear this field".
 */
final class RequestBody {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    RequestBody with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    RequestBody withOptional(String field, Object value) {
        if (value != null) {
            fields.put(field, value);
        }
        return this;
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    @JsonValue
    Map<String, Object> fields() {
        return fields;
    }
}
