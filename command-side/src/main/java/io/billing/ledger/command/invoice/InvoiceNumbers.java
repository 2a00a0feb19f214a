package io.billing.ledger.command.invoice;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gapless invoice numbers per calendar year, {@code INV-2026-000001}. The counter row is
 * incremented in the finalizing transaction and stays locked until it commits: concurrent
 * finalizations queue on it, and a rollback gives the number back.
 */
@Component
public class InvoiceNumbers {

    private final JdbcTemplate jdbc;

    public InvoiceNumbers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String next(int year) {
        Long number = jdbc.queryForObject("""
                INSERT INTO invoice_number_counters (year, last_number) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counters.last_number + 1
                RETURNING last_number""", Long.class, year);
        return format(year, number);
    }

    static String format(int year, long number) {
        return String.format("INV-%d-%06d", year, number);
    }
}
