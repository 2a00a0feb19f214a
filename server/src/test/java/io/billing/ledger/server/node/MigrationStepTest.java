package io.billing.ledger.server.node;

import io.billing.ledger.server.BillingLedgerApplication;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment's migration step (docker-compose.yml's {@code migrate} service):
 * {@code java -jar … migrate} migrates an empty database and exits 0, leaving no API key behind
 * (the bootstrap key is the nodes' to show) and no port open.
 */
class MigrationStepTest {

    @Test
    void migrate_migrates_an_empty_database_and_exits_0_without_issuing_a_key() throws Exception {
        String database = TestDatabases.fresh();
        Path log = Files.createDirectories(Path.of("target", "server-processes")).resolve("migration-step.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "-Daxoniq.update-checker.disabled=true",
                "-Dbilling.database-url=" + database,
                BillingLedgerApplication.class.getName(), BillingLedgerApplication.MIGRATE))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        boolean ended = process.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("the migration step ends by itself; see %s", log.toAbsolutePath()).isTrue();
        assertThat(process.exitValue()).as("exit code; see %s", log.toAbsolutePath()).isZero();
        try (Connection connection = DriverManager.getConnection(database);
             Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM flyway_schema_history WHERE success")).isPositive();
            assertThat(count(statement, "SELECT count(*) FROM domain_event_entry")).as("no key issued, nothing recorded")
                    .isZero();
        }
        assertThat(Files.readString(log)).doesNotContain("blk_");
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
