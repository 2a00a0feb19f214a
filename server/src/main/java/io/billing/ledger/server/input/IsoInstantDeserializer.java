package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * Instants only as ISO-8601 text: jsr310 would take {@code 1e300} as epoch seconds (and make
 * it 1970-01-01). With a range, also only times within {@link InputLimits#EARLIEST_TIME} and
 * {@link InputLimits#LATEST_TIME_EXCLUSIVE}, which every reader and PostgreSQL can hold.
 */
final class IsoInstantDeserializer extends DelegatingDeserializer {

    private final boolean ranged;

    private IsoInstantDeserializer(JsonDeserializer<?> delegate, boolean ranged) {
        super(delegate);
        this.ranged = ranged;
    }

    /** Wraps whatever deserializer the mapper has for {@link Instant}. */
    static BeanDeserializerModifier modifier(boolean ranged) {
        return new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class
                        ? new IsoInstantDeserializer(deserializer, ranged) : deserializer;
            }
        };
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
        return new IsoInstantDeserializer(delegate, ranged);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            return context.handleUnexpectedToken(Instant.class, parser);
        }
        Object value = super.deserialize(parser, context);
        if (ranged && value instanceof Instant instant
                && (instant.isBefore(InputLimits.EARLIEST_TIME) || !instant.isBefore(InputLimits.LATEST_TIME_EXCLUSIVE))) {
            throw new RejectedInputException(parser, RejectedInputException.pathOf(parser.getParsingContext()),
                    "out_of_range", "must be from " + InputLimits.EARLIEST_TIME + " to before "
                    + InputLimits.LATEST_TIME_EXCLUSIVE);
        }
        return value;
    }
}
