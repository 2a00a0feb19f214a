package io.billing.ledger.server.health;

import io.billing.ledger.api.apikey.PublicEndpoint;
import io.billing.ledger.server.projection.ProjectionState;
import io.billing.ledger.server.projection.ProjectionStates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * For load balancers and orchestrators. {@code /health} is liveness: 200 while PostgreSQL
 * answers, 503 while it does not (the server keeps running). {@code /health/ready} is
 * readiness: 503 also while a projection holds dead letters or lags more than
 * {@code READINESS_MAX_LAG}, naming the projection and the reason.
 */
@RestController
@Tag(name = "Health")
@PublicEndpoint
public class HealthController {

    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final DataSource dataSource;
    private final ProjectionStates projections;
    private final Duration maxLag;

    @Autowired
    public HealthController(DataSource dataSource, ProjectionStates projections,
                            ReadinessSettings readiness) {
        this(dataSource, projections, readiness.maxLag());
    }

    private HealthController(DataSource dataSource, ProjectionStates projections, Duration maxLag) {
        this.dataSource = dataSource;
        this.projections = projections;
        this.maxLag = maxLag;
    }

    /** Without projections to judge (a node that hosts none, or a liveness-only test). */
    public HealthController(DataSource dataSource) {
        this(dataSource, null, Duration.ofSeconds(30));
    }

    @GetMapping("/health")
    @Operation(summary = "Liveness and database connectivity")
    public ResponseEntity<Map<String, String>> health() {
        if (databaseAnswers()) {
            return ResponseEntity.ok(Map.of("status", "ok", "database", "connected"));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", "error", "database", "disconnected"));
    }

    @GetMapping("/health/ready")
    @Operation(summary = "Readiness: the database answers, no projection holds dead letters or lags too far")
    public ResponseEntity<Map<String, Object>> ready() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!databaseAnswers()) {
            body.put("status", "not_ready");
            body.put("database", "disconnected");
            body.put("reasons", List.of(Map.of("reason", "database", "message", "the database does not answer")));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
        }
        List<ProjectionState> states;
        try {
            states = projections == null ? List.of() : projections.now();
        } catch (RuntimeException e) {
            log.warn("Could not read the projections' state for readiness", e);
            body.put("status", "not_ready");
            body.put("database", "connected");
            body.put("reasons", List.of(Map.of("reason", "unknown", "message", "the projections' state could not be read")));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
        }
        Readiness.Verdict verdict = Readiness.judge(states, maxLag);
        body.put("status", verdict.ready() ? "ready" : "not_ready");
        body.put("database", "connected");
        body.put("maxLagMs", maxLag.toMillis());
        body.put("reasons", verdict.reasons());
        Map<String, Object> perProjection = new LinkedHashMap<>();
        states.forEach(state -> perProjection.put(state.processor(),
                Map.of("deadLetters", state.deadLetters(), "lagMs", state.lag().toMillis())));
        body.put("projections", perProjection);
        return ResponseEntity.status(verdict.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
