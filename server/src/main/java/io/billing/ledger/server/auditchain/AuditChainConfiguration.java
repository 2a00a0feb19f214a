package io.billing.ledger.server.auditchain;

import io.billing.ledger.query.events.SettledGaps;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class AuditChainConfiguration {

    /** One judge of gaps per node, shared by the sealer and the event stream. */
    @Bean
    public SettledGaps settledGaps(AuditChainSettings settings) {
        return new SettledGaps(settings.gapSettleTime());
    }
}
