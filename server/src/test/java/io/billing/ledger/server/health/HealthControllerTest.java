package io.billing.ledger.server.health;

import com.zaxxer.hikari.HikariDataSource;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The health answer follows the database: 503 while it is unreachable, 200 again when it answers. */
class HealthControllerTest {

    @Test
    void an_unreachable_database_is_503_disconnected() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HikariDataSource unreachable = pool("jdbc:postgresql://127.0.0.1:" + closedPort + "/none?connectTimeout=1")) {
            ResponseEntity<Map<String, String>> health = new HealthController(unreachable).health();

            assertThat(health.getStatusCode().value()).isEqualTo(503);
            assertThat(health.getBody()).containsEntry("database", "disconnected");
        }
    }

    @Test
    void a_reachable_database_is_200_connected() {
        try (HikariDataSource reachable = pool(TestDatabases.fresh())) {
            ResponseEntity<Map<String, String>> health = new HealthController(reachable).health();

            assertThat(health.getStatusCode().value()).isEqualTo(200);
            assertThat(health.getBody()).containsEntry("status", "ok").containsEntry("database", "connected");
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setConnectionTimeout(1000);
        dataSource.setInitializationFailTimeout(-1); // start even when the database is away, as the server does
        return dataSource;
    }
}
