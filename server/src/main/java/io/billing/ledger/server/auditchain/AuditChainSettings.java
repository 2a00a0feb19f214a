package io.billing.ledger.server.auditchain;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code billing.audit-chain}: how often the sealer looks for new events, how many it seals per
 * transaction, and how long a gap in the global order is watched before PostgreSQL is asked
 * whether it can still fill (docs/audit.md). Tuning only: no environment variable sets them.
 */
@Validated
@ConfigurationProperties("billing.audit-chain")
public record AuditChainSettings(
        @NotNull @DurationMin(millis = 10) @DefaultValue("500ms") Duration sealInterval,
        @Min(1) @Max(10_000) @DefaultValue("1000") int batchSize,
        @NotNull @DurationMin(millis = 100) @DefaultValue("1s") Duration gapSettleTime) {
}
