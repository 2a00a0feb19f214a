package io.billing.ledger.server.admin;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** Operator endpoints (admin scope): where each projection stands, and rebuilding one from the event store. */
@RestController
@RequestMapping("/v1/admin/projections")
@Tag(name = "Admin")
@RequiresScope(ApiKeyScope.ADMIN)
public class ProjectionAdminController {

    private final ProjectionReplays replays;

    public ProjectionAdminController(ProjectionReplays replays) {
        this.replays = replays;
    }

    @GetMapping
    @Operation(summary = "Each event processor's position against the event store's head")
    public DataEnvelope<Map<String, Object>> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("headPosition", replays.headPosition());
        status.put("processors", replays.positions());
        return DataEnvelope.of(status);
    }

    @PostMapping("/{processorName}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Clear a projection's tables and rebuild them from the event store (asynchronous)")
    public DataEnvelope<Map<String, Object>> replay(@PathVariable String processorName) {
        if (!replays.exists(processorName)) {
            throw new NotFoundException("Projection", processorName);
        }
        replays.replay(processorName);
        return DataEnvelope.of(Map.of("processor", processorName, "status", "replaying",
                "untilPosition", replays.headPosition()));
    }
}
