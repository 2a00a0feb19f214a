package io.billing.ledger.server.health;

import io.billing.ledger.api.apikey.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** For load balancers: 200 while PostgreSQL answers, 503 while it does not (the server keeps running). */
@RestController
@Tag(name = "Health")
@PublicEndpoint
public class HealthController {

    private final DataSource dataSource;

    public HealthController(DataSource dataSource) {
        this.dataSource = dataSource;
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

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
