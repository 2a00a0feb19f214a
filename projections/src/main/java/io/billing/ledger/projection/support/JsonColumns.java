package io.billing.ledger.projection.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Reads and writes the JSONB columns of read tables (metadata maps, whole views). */
@Component
public class JsonColumns {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Map<String, Object> value) {
        try {
            return mapper.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serialisable", e);
        }
    }

    public Map<String, Object> readMap(String json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a metadata column holds invalid JSON", e);
        }
    }

    /** A whole view as one JSON document, for read tables that keep the view as it is shown. */
    public String writeDocument(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " is not serialisable", e);
        }
    }

    /**
     * Reads a document written by {@link #writeDocument}. A property the type no longer has is
     * skipped (the web mapper would refuse it), so removing a view field does not break reads
     * of rows written before. A property the document does not have reads as null, or 0 for a
     * number: a view's field kept out of its JSON ({@code @JsonIgnore} version) reads back as 0.
     */
    public <T> T readDocument(String json, Class<T> type) {
        try {
            return json == null ? null
                    : mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + type.getSimpleName() + " column holds invalid JSON", e);
        }
    }
}
