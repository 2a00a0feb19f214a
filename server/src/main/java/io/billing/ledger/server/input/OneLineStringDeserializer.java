package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import io.billing.ledger.command.web.MultilineText;

import java.io.IOException;

/**
 * Strings of request records are one line: a name, an id, an email hold no tab or line break.
 * Free text says so with {@link MultilineText}; values without a named property (metadata,
 * usage properties) are free text too. Every other control character is refused earlier, by
 * {@link RequestBodyParser}, whatever the target.
 */
final class OneLineStringDeserializer extends StdScalarDeserializer<String> implements ContextualDeserializer {

    private static final OneLineStringDeserializer ONE_LINE = new OneLineStringDeserializer(true);
    private static final OneLineStringDeserializer FREE_TEXT = new OneLineStringDeserializer(false);

    private final boolean oneLine;

    private OneLineStringDeserializer(boolean oneLine) {
        super(String.class);
        this.oneLine = oneLine;
    }

    static OneLineStringDeserializer instance() {
        return FREE_TEXT;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        return property != null && property.getAnnotation(MultilineText.class) == null ? ONE_LINE : FREE_TEXT;
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (oneLine && value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\t') >= 0)) {
            throw new RejectedInputException(parser, RejectedInputException.pathOf(parser.getParsingContext()),
                    "control_character", "must be one line without tabs or line breaks");
        }
        return value;
    }
}
