package io.billing.ledger.server.admin;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.axon.HandlerFailures;
import io.billing.ledger.server.projection.DeadLetters;
import io.billing.ledger.server.web.ErrorResponses;
import io.billing.ledger.server.projection.ProjectionLag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator endpoints (admin scope): where each projection stands, rebuilding one from the
 * event store, and the events a projection could not apply (its dead letters).
 */
@RestController
@RequestMapping("/v1/admin/projections")
@Tag(name = "Admin")
@RequiresScope(ApiKeyScope.ADMIN)
public class ProjectionAdminController {

    private final ProjectionReplays replays;
    private final DeadLetters deadLetters;
    private final ProjectionLag lag;

    public ProjectionAdminController(ProjectionReplays replays, DeadLetters deadLetters, ProjectionLag lag) {
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.lag = lag;
    }

    @GetMapping
    @Operation(summary = "Each event processor's position against the event store's head, its state (running, "
            + "replaying, stopped, failed), lag, dead letters and, during a replay, events/s and ETA")
    public DataEnvelope<Map<String, Object>> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("headPosition", replays.headPosition());
        Map<String, Long> positions = replays.positions();
        status.put("processors", positions);
        Map<String, Object> projections = new LinkedHashMap<>();
        for (String processor : positions.keySet()) {
            projections.put(processor, view(replays.progress(processor)));
        }
        status.put("projections", projections);
        return DataEnvelope.of(status);
    }

    @PostMapping("/{processorName}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Clear a projection's tables (and its dead letters) and rebuild them from the event store; "
            + "answers the projection's progress at once (202: the replay runs on; follow it on GET /v1/admin/projections)")
    public ResponseEntity<DataEnvelope<Map<String, Object>>> replay(@PathVariable String processorName) {
        if (!replays.exists(processorName)) {
            throw new NotFoundException("Projection", processorName);
        }
        if (!replays.supportsReplay(processorName)) {
            throw new ConflictException("Processor " + processorName + " cannot be replayed: its handlers refuse a reset");
        }
        ProjectionReplays.ReplayRun run = replays.replay(processorName);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("processor", processorName);
        body.put("status", ProjectionReplays.State.REPLAYING.wire());
        body.put("untilPosition", run.untilPosition());
        body.putAll(view(replays.progress(processorName)));
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, "/v1/admin/projections")
                .body(DataEnvelope.of(body));
    }

    /** One processor's entry in the status: the fields docs/api.md lists, nulls kept so every entry has one shape. */
    private Map<String, Object> view(ProjectionReplays.Progress progress) {
        String processor = progress.processor();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", progress.state().wire());
        view.put("replayable", progress.replayable());
        view.put("position", progress.position());
        view.put("head", progress.head());
        view.put("lag", progress.lag());
        view.put("lagMs", lag.of(processor).toMillis());
        view.put("deadLetters", deadLetters.count(processor));
        view.put("eventsPerSecond", progress.eventsPerSecond().orElse(null));
        view.put("etaSeconds", progress.etaSeconds().orElse(null));
        view.put("replayUntilPosition", progress.replay().map(ProjectionReplays.ReplayRun::untilPosition).orElse(null));
        view.put("replayElapsedMs", progress.replay().map(run -> run.elapsed(progress.nowNanos()).toMillis()).orElse(null));
        return view;
    }

    @GetMapping("/{processorName}/dead-letters")
    @Operation(summary = "The events a projection could not apply, oldest first (no payloads)")
    public DataEnvelope<List<DeadLetters.DeadLetterView>> deadLetters(@PathVariable String processorName) {
        requireQueue(processorName);
        return DataEnvelope.of(deadLetters.list(processorName));
    }

    @PostMapping("/{processorName}/dead-letters/retry")
    @Operation(summary = "Apply every parked sequence again, in order; what fails again stays parked")
    public ResponseEntity<?> retry(@PathVariable String processorName) {
        requireQueue(processorName);
        try {
            return ResponseEntity.ok(DataEnvelope.of(deadLetters.retry(processorName)));
        } catch (RuntimeException e) {
            if (!HandlerFailures.isTransient(e)) {
                throw e;
            }
            // the database went away during the retry: nothing was lost, the letters stay parked
            ResponseEntity<ErrorEnvelope> unavailable = ErrorResponses.entity(HttpStatus.SERVICE_UNAVAILABLE,
                    "SERVICE_UNAVAILABLE", "The database is not available; the dead letters stay parked, retry later");
            return ResponseEntity.status(unavailable.getStatusCode()).header("Retry-After", "5")
                    .body(unavailable.getBody());
        }
    }

    @PostMapping("/{processorName}/dead-letters/{sequenceId}/drop")
    @Operation(summary = "Drop one aggregate's parked events for good (the read model will not have them)")
    public DataEnvelope<Map<String, Object>> drop(@PathVariable String processorName, @PathVariable String sequenceId) {
        requireQueue(processorName);
        if (!deadLetters.drop(processorName, sequenceId)) {
            throw new NotFoundException("Dead-letter sequence", sequenceId);
        }
        return DataEnvelope.of(Map.of("processor", processorName, "sequenceId", sequenceId, "status", "dropped",
                "deadLettersRemaining", deadLetters.count(processorName)));
    }

    @DeleteMapping("/{processorName}/dead-letters/{sequenceId}")
    @Operation(summary = "Same as POST …/{sequenceId}/drop")
    public DataEnvelope<Map<String, Object>> delete(@PathVariable String processorName, @PathVariable String sequenceId) {
        return drop(processorName, sequenceId);
    }

    private void requireQueue(String processorName) {
        if (!deadLetters.exists(processorName)) {
            throw new NotFoundException("Projection", processorName);
        }
    }
}
