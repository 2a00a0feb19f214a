package io.billing.ledger.server.metrics;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics} on the API's port, for an admin key: every meter in Prometheus text
 * (docs/operations.md). Absent when MANAGEMENT_PORT is set: then the actuator serves the same
 * scrape on that port only, without a key, and the API's port has no /metrics at all.
 */
@RestController
@Tag(name = "Admin")
@RequiresScope(ApiKeyScope.ADMIN)
@ConditionalOnProperty(name = "management.server.port", havingValue = "-1", matchIfMissing = true)
public class MetricsController {

    /** Prometheus text exposition format 0.0.4, which every Prometheus scrapes. */
    public static final String PROMETHEUS_TEXT = "text/plain;version=0.0.4;charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(path = "/metrics", produces = PROMETHEUS_TEXT)
    @Operation(summary = "Every meter in Prometheus text format (on MANAGEMENT_PORT instead, without a key, when it is set)")
    public String scrape() {
        return registry.scrape();
    }
}
