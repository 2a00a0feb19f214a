package io.billing.ledger.command.dunning;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * {@code billing.dunning}: DUNNING_SCHEDULE_MINUTES, DUNNING_MAX_RETRIES and DUNNING_ESCALATION as
 * given. They are read together into the {@link DunningPolicy} new cases start with; a bad
 * combination is refused at start naming the variable ({@code DunningPolicy.parse}, called by
 * StartupSettings before the context starts and again here). {@code enabled} switches dunning off
 * (tests of other areas, whose customers have no card).
 */
@ConfigurationProperties(prefix = "billing.dunning")
@Validated
public record DunningSettings(@DefaultValue("true") boolean enabled,
                              @DefaultValue(DunningPolicy.DEFAULT_SCHEDULE) String scheduleMinutes,
                              @DefaultValue("5") String maxRetries,
                              @DefaultValue(DunningPolicy.DEFAULT_ESCALATION) String escalation) {

    /** The policy new cases start with. */
    @Configuration
    static class Policy {

        @Bean
        DunningPolicy dunningPolicy(DunningSettings settings) {
            return DunningPolicy.parse(settings.scheduleMinutes(), settings.maxRetries(), settings.escalation());
        }
    }
}
