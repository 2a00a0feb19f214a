package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;

/**
 * Looks at every token of a request body before databinding sees it, so that no string, key
 * or number can slip past because of the type it lands in ({@code Map<String, Object>},
 * {@code JsonNode}, a record). Refuses NUL and every other control character (tab, line feed
 * and carriage return are left to {@link OneLineStringDeserializer} and allowed in values),
 * unpaired surrogates (PostgreSQL and the event serializer refuse both), numbers that overflow
 * a double, duplicate keys and whatever exceeds the {@link com.fasterxml.jackson.core.StreamReadConstraints}.
 */
final class RequestBodyParser extends JsonParserDelegate {

    RequestBodyParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token;
        try {
            token = delegate.nextToken();
        } catch (StreamConstraintsException e) {
            throw exceeded(e);
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new RejectedInputException(this, RejectedInputException.pathOf(delegate.getParsingContext()),
                        "duplicate_key", "is given more than once");
            }
            throw e;
        }
        if (token == JsonToken.FIELD_NAME) {
            checkKey(delegate.currentName());
        } else if (token == JsonToken.VALUE_STRING) {
            checkValue(text());
        } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            checkFinite();
        } else if (token == JsonToken.VALUE_NUMBER_INT) {
            number();
        }
        return token;
    }

    private void checkKey(String name) throws RejectedInputException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || !pairedAt(name, i)) {
                throw new RejectedInputException(this, RejectedInputException.containerOf(delegate.getParsingContext()),
                        "control_character", "has a key with a control character or invalid Unicode");
            }
        }
    }

    private void checkValue(String value) throws RejectedInputException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw refused("control_character", "must not contain control characters");
            }
            if (!pairedAt(value, i)) {
                throw refused("invalid_unicode", "must be valid Unicode text");
            }
        }
    }

    /** False for half of a surrogate pair without its other half. */
    private static boolean pairedAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return true;
    }

    private void checkFinite() throws IOException {
        double value;
        try {
            value = delegate.getDoubleValue();
        } catch (StreamConstraintsException e) {
            throw exceeded(e);
        }
        if (!Double.isFinite(value)) {
            throw refused("out_of_range", "is out of range");
        }
    }

    private void number() throws IOException {
        try {
            delegate.getNumberValue();
        } catch (StreamConstraintsException e) {
            throw exceeded(e);
        }
    }

    private String text() throws IOException {
        try {
            return delegate.getText();
        } catch (StreamConstraintsException e) {
            throw exceeded(e);
        }
    }

    private RejectedInputException refused(String code, String reason) {
        return new RejectedInputException(this, RejectedInputException.pathOf(delegate.getParsingContext()), code, reason);
    }

    private RejectedInputException exceeded(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        JsonStreamContext context = delegate.getParsingContext();
        if (message.contains("nesting depth")) {
            return new RejectedInputException(this, RejectedInputException.firstLevels(
                    RejectedInputException.pathOf(context), 2), "too_deep",
                    "is nested deeper than " + InputLimits.MAX_NESTING_DEPTH + " levels");
        }
        if (message.contains("Number value length") || message.contains("Number length")) {
            return refused("too_long", "is a number of more than " + InputLimits.MAX_NUMBER_LENGTH + " characters");
        }
        if (message.contains("Name length")) {
            return new RejectedInputException(this, RejectedInputException.containerOf(context), "too_long",
                    "has a key longer than " + InputLimits.MAX_NAME_LENGTH + " characters");
        }
        if (message.contains("String value length")) {
            return refused("too_long", "is longer than " + InputLimits.MAX_STRING_LENGTH + " characters");
        }
        return refused("too_large", "exceeds a size limit of request bodies");
    }

    // Databinding reads through these shortcuts; each must pass through nextToken's checks.

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken current = currentToken();
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken token = nextToken();
            if (token == null) {
                return this;
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return this;
    }
}
