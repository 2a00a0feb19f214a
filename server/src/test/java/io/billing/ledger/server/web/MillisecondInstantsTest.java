package io.billing.ledger.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's one time shape: three fraction digits in UTC, whatever the instant's precision. */
class MillisecondInstantsTest {

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new JacksonConfiguration().millisecondInstants().customize(builder);
        return builder.build();
    }

    @Test
    void a_whole_second_gets_three_zeros_and_finer_precision_is_truncated() throws Exception {
        assertThat(mapper.writeValueAsString(Map.of("at", Instant.parse("2026-01-01T10:00:00Z"))))
                .isEqualTo("{\"at\":\"2026-01-01T10:00:00.000Z\"}");
        assertThat(mapper.writeValueAsString(Instant.parse("2026-01-01T10:00:00.123999999Z")))
                .isEqualTo("\"2026-01-01T10:00:00.123Z\"");
        assertThat(mapper.writeValueAsString(Instant.parse("2199-12-31T23:59:59.5Z")))
                .isEqualTo("\"2199-12-31T23:59:59.500Z\"");
    }

    @Test
    void input_still_takes_any_iso_instant() throws Exception {
        assertThat(mapper.readValue("\"2026-01-01T12:00:00+02:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(mapper.readValue("\"2026-01-01T10:00:00.5Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-01-01T10:00:00.500Z"));
    }
}
