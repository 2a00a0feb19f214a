package io.billing.ledger.server.dunning;

import io.billing.ledger.api.dunning.DunningCaseId;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dunning retry is a durable timer: the server is killed (SIGKILL) after the retry's time has
 * come on the clock but before anything attempted it; a new server on the same database attempts
 * it, exactly once, at its time. (The middle server runs without its scheduler, so the kill lands
 * in that window every time rather than by luck.)
 */
class CrashBeforeDunningRetryTest {

    private static final String ON = "billing.dunning.enabled=true";

    @Test
    void a_retry_due_when_the_server_was_killed_is_attempted_once_after_the_restart() throws Exception {
        String database = TestDatabases.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        String clock;
        String sub;
        try (ServerProcess first = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "dunning-first", ON)) {
            Api api = new Api(first.port(), EndToEndTest.ADMIN_KEY);
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2031-01-10T00:00:00Z\"}").data().get("id").asText();
            String customer = api.post("/v1/customers", "{\"name\":\"Dunned\",\"email\":\"d@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
            assertThat(api.post("/v1/customers/" + customer + "/payment-methods",
                    "{\"paymentMethodId\":\"pm_card_chargeDeclined\"}").status()).isEqualTo(201);
            String plan = api.post("/v1/plans", "{\"name\":\"Monthly\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":1000,\"billingInterval\":\"month\"}").data().get("id").asText();
            sub = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan + "\"}")
                    .data().get("id").asText();
            advance(api, clock, "2031-01-10T01:30:00Z"); // failed at 01:00; the first retry is due at 02:00
        }
        String invoiceId = jdbc.queryForObject("""
                SELECT aggregate_identifier FROM domain_event_entry
                WHERE payload_type = 'io.billing.ledger.api.invoice.InvoiceDrafted'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'subscriptionId' = ?""", String.class, sub);
        String dun = DunningCaseId.of(invoiceId);
        assertThat(retriesAttempted(jdbc, dun)).isZero();

        try (ServerProcess second = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "dunning-second", ON,
                "billing.scheduler.enabled=false")) {
            Api api = new Api(second.port(), EndToEndTest.ADMIN_KEY);
            assertThat(api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2031-01-10T03:00:00Z\"}")
                    .status()).isEqualTo(200);
            second.kill(); // the clock is past 02:00, the retry not attempted
        }
        assertThat(retriesAttempted(jdbc, dun)).isZero();

        try (ServerProcess third = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "dunning-third", ON)) {
            Api api = new Api(third.port(), EndToEndTest.ADMIN_KEY);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        assertThat(jdbc.queryForList("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'attemptedAt' FROM domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type = 'io.billing.ledger.api.dunning.PaymentRetryAttempted'""",
                String.class, dun)).containsExactly("2031-01-10T02:00:00Z");
        List<Integer> attempts = jdbc.queryForList("""
                SELECT (convert_from(payload, 'UTF8')::jsonb ->> 'attempt')::int FROM domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type = 'io.billing.ledger.api.invoice.InvoicePaymentRequested'
                ORDER BY sequence_number""", Integer.class, invoiceId);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE payload_type = 'io.billing.ledger.api.payment.PaymentFailed'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'invoiceId' = ?""", Long.class, invoiceId)).isEqualTo(2);
        // and the next retry is scheduled at +5 h from the first failure
        assertThat(jdbc.queryForObject("SELECT due_at FROM dunning_schedule WHERE dunning_id = ?",
                java.sql.Timestamp.class, dun).toInstant()).hasToString("2031-01-10T06:00:00Z");
    }

    private static void advance(Api api, String clock, String to) {
        assertThat(api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + to + "\"}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
    }

    private static long retriesAttempted(JdbcTemplate jdbc, String dun) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = 'io.billing.ledger.api.dunning.PaymentRetryAttempted'", Long.class, dun);
        return count == null ? 0 : count;
    }
}
