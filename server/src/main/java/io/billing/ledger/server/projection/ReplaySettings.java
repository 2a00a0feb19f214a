package io.billing.ledger.server.projection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code billing.replay}: {@code baseline-processor} adds {@link ReplayBaseline}, the
 * do-nothing processor the replay benchmark measures projections against (docs/benchmarks.md).
 * Off by default; no environment variable sets it (the benchmark passes a system property).
 */
@ConfigurationProperties("billing.replay")
public record ReplaySettings(@DefaultValue("false") boolean baselineProcessor) {
}
