package io.billing.ledger.command.invoice;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Invoice numbering on the real PostgreSQL (localhost:5432, user postgres, as CI provides), in a
 * database of its own created from the invoicing migration: gapless per year, and a rolled-back
 * finalization gives its number back. The end-to-end tests cover it under concurrency.
 */
class InvoiceNumbersTest {

    private static final String ADMIN_URL = "jdbc:postgresql://localhost:5432/postgres?connectTimeout=2";
    private static final String DATABASE = "invoice_numbers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static SingleConnectionDataSource dataSource;
    private static InvoiceNumbers numbers;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void freshDatabase() throws Exception {
        assumeTrue(adminAnswers(), "no PostgreSQL on localhost:5432");
        admin("CREATE DATABASE " + DATABASE);
        dataSource = new SingleConnectionDataSource(
                "jdbc:postgresql://localhost:5432/" + DATABASE + "?user=postgres", true);
        jdbc = new JdbcTemplate(dataSource);
        try (var migration = InvoiceNumbersTest.class.getResourceAsStream(
                "/db/migration/command/V2026_11_25_1000__invoicing.sql")) {
            jdbc.execute(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }
        numbers = new InvoiceNumbers(jdbc);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (dataSource != null) {
            dataSource.destroy();
            admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void numbers_count_up_from_one_within_a_year_and_restart_in_the_next() {
        assertThat(numbers.next(2031)).isEqualTo("INV-2031-000001");
        assertThat(numbers.next(2031)).isEqualTo("INV-2031-000002");
        assertThat(numbers.next(2032)).isEqualTo("INV-2032-000001");
        assertThat(numbers.next(2031)).isEqualTo("INV-2031-000003");
    }

    @Test
    void a_rolled_back_finalization_gives_its_number_back() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        assertThat(numbers.next(2040)).isEqualTo("INV-2040-000001");

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            assertThat(numbers.next(2040)).isEqualTo("INV-2040-000002");
            throw new IllegalStateException("the finalizing transaction fails after taking a number");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(numbers.next(2040)).isEqualTo("INV-2040-000002");
    }

    @Test
    void the_format_pads_to_six_digits_and_grows_past_them() {
        assertThat(InvoiceNumbers.format(2026, 42)).isEqualTo("INV-2026-000042");
        assertThat(InvoiceNumbers.format(2026, 1_234_567)).isEqualTo("INV-2026-1234567");
    }

    private static boolean adminAnswers() {
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL, "postgres", null)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
