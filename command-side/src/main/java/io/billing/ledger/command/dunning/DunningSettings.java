package io.billing.ledger.command.dunning;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy new cases start with, from DUNNING_SCHEDULE_MINUTES, DUNNING_MAX_RETRIES and DUNNING_ESCALATION. */
@Configuration
public class DunningSettings {

    @Bean
    public DunningPolicy dunningPolicy(@Value("${billing.dunning.schedule-minutes:" + DunningPolicy.DEFAULT_SCHEDULE + "}") String schedule,
                                       @Value("${billing.dunning.max-retries:5}") String maxRetries,
                                       @Value("${billing.dunning.escalation:" + DunningPolicy.DEFAULT_ESCALATION + "}") String escalation) {
        return DunningPolicy.parse(schedule, maxRetries, escalation);
    }
}
