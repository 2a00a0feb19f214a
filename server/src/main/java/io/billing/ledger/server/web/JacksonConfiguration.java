package io.billing.ledger.server.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One precision on the wire: every {@link Instant} any answer carries (views, history entries,
 * event payloads in the audit trail) is written {@code 2026-01-01T10:00:00.000Z}, exactly three
 * fraction digits in UTC, so clients compare and parse one shape (docs/api.md). Finer precision is
 * truncated, never rounded up past the instant it names. Input still takes any ISO instant.
 * <p>
 * Strict request parsing: {@code "amountCents": "100"} or {@code 10.5} is a 400, not a
 * guess. Text fields take only strings, numbers only numbers, and an empty string is not null.
 */
@Configuration
public class JacksonConfiguration {

    static final DateTimeFormatter MILLISECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer millisecondInstants() {
        // registered after Boot's JavaTimeModule (postConfigurer), so it takes precedence over its InstantSerializer
        return builder -> builder.postConfigurer(mapper -> mapper.registerModule(
                new SimpleModule("millisecond-instants").addSerializer(Instant.class, new MillisecondInstantSerializer())));
    }

    /** {@code 2026-01-01T10:00:00.000Z}; see the class comment. */
    public static final class MillisecondInstantSerializer extends StdSerializer<Instant> {

        public MillisecondInstantSerializer() {
            super(Instant.class);
        }

        public static String format(Instant instant) {
            return MILLISECONDS.format(instant);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictCoercion() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Enum)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        });
    }
}
