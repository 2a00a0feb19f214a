package io.billing.ledger.server.input;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Instant;

/**
 * Query parameters that are instants ({@code from}, {@code to}, {@code asOf},
 * {@code periodStart}) take the same range as request bodies: a time PostgreSQL cannot hold
 * would otherwise reach a SQL parameter and end in a 500. Out of range is a 400 naming the
 * parameter.
 */
@Configuration
public class InstantParameterConfiguration implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, Instant.class, text -> {
            Instant instant = Instant.parse(text.trim());
            if (instant.isBefore(InputLimits.EARLIEST_TIME) || !instant.isBefore(InputLimits.LATEST_TIME_EXCLUSIVE)) {
                throw new IllegalArgumentException("an instant out of the supported range");
            }
            return instant;
        });
    }
}
