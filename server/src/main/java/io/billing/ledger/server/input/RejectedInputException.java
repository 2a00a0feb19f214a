package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A request body refused while it is read: a control character, a key given twice, a number
 * out of range, too deep or too long. Carries the JSON path of the offending field, taken from
 * the parser, so the answer can name it; paths that Jackson adds on the way up are ignored.
 */
public class RejectedInputException extends JsonMappingException {

    private final String field;
    private final String code;
    private final String reason;

    RejectedInputException(JsonParser parser, String field, String code, String reason) {
        super(parser, (field == null ? "the request body" : field) + " " + reason);
        this.field = field;
        this.code = code;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    @Override
    public void prependPath(Reference reference) {
        // the field was named from the parser's own context
    }

    /** The path of the value the parser stands on, as {@code records[3].properties.unit}; null at the root. */
    static String pathOf(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                path.insert(0, "." + c.getCurrentName());
            }
        }
        String joined = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        return joined.isEmpty() ? null : joined;
    }

    /** The path of the object or array the parser is in, without the name it stands on. */
    static String containerOf(JsonStreamContext context) {
        return context == null ? null : pathOf(context.getParent());
    }

    /** The first {@code levels} steps of a path, for errors found deep down (nesting). */
    static String firstLevels(String path, int levels) {
        if (path == null) {
            return null;
        }
        int cut = 0;
        for (int level = 0; level < levels; level++) {
            int next = nextBoundary(path, cut + 1);
            if (next < 0) {
                return path;
            }
            cut = next;
        }
        return path.substring(0, cut);
    }

    private static int nextBoundary(String path, int from) {
        for (int i = from; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }
}
