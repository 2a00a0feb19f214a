package io.billing.ledger.server.subscription;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed (SIGKILL) while a test clock advance is renewing and invoicing many
 * subscriptions; a new server on the same database finishes the work. No renewal or invoice
 * is lost or repeated, and the invoice numbers have no gap.
 */
class CrashDuringRenewalsTest {

    private static final int SUBSCRIPTIONS = 60;
    private static final int RENEWALS_EACH = 14; // 2026-02-01 … 2027-03-01, the last boundary included
    private static final String RENEWED = "io.billing.ledger.api.subscription.SubscriptionRenewed";

    @Test
    void a_server_killed_in_the_middle_of_due_work_neither_loses_nor_repeats_a_renewal_or_an_invoice()
            throws Exception {
        String database = TestDatabases.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        String clock;
        try (ServerProcess first = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "crash-first")) {
            Api api = new Api(first.port(), EndToEndTest.ADMIN_KEY);
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}").data().get("id").asText();
            String plan = api.post("/v1/plans", "{\"name\":\"Monthly\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":1000,\"billingInterval\":\"month\"}").data().get("id").asText();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                String customer = api.post("/v1/customers", "{\"name\":\"C" + i + "\",\"email\":\"c" + i
                        + "@example.com\",\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
                assertThat(api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                        + plan + "\"}").status()).isEqualTo(201);
            }

            api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2027-03-01T00:00:00Z\"}");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> renewals(jdbc) >= 30);
            first.kill();
        }
        long atCrash = renewals(jdbc);
        assertThat(atCrash).as("the crash came in the middle of the work").isLessThan(SUBSCRIPTIONS * RENEWALS_EACH);

        try (ServerProcess second = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "crash-second")) {
            Api api = new Api(second.port(), EndToEndTest.ADMIN_KEY);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        assertThat(renewals(jdbc)).isEqualTo(SUBSCRIPTIONS * RENEWALS_EACH);
        List<Map<String, Object>> repeated = jdbc.queryForList("""
                SELECT aggregate_identifier, convert_from(payload, 'UTF8')::jsonb -> 'newPeriod' ->> 'start' AS period,
                       count(*) AS times
                FROM domain_event_entry WHERE payload_type = ?
                GROUP BY 1, 2 HAVING count(*) > 1""", RENEWED);
        assertThat(repeated).isEmpty();
        List<Long> perSubscription = jdbc.queryForList("""
                SELECT count(*) FROM domain_event_entry WHERE payload_type = ? GROUP BY aggregate_identifier""",
                Long.class, RENEWED);
        assertThat(perSubscription).hasSize(SUBSCRIPTIONS).containsOnly((long) RENEWALS_EACH);
        List<String> lastPeriods = jdbc.queryForList("""
                SELECT DISTINCT convert_from(payload, 'UTF8')::jsonb -> 'newPeriod' ->> 'end'
                FROM domain_event_entry e WHERE payload_type = ? AND sequence_number = (
                    SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = e.aggregate_identifier)""",
                String.class, RENEWED);
        assertThat(lastPeriods).containsExactly("2027-04-01T00:00:00Z");

        // one invoice when subscribing and one per renewal, each (subscription, period) once
        List<Long> invoicesPerSubscription = jdbc.queryForList("""
                SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.billing.ledger.api.invoice.InvoiceDrafted'
                GROUP BY convert_from(payload, 'UTF8')::jsonb ->> 'subscriptionId'""", Long.class);
        assertThat(invoicesPerSubscription).hasSize(SUBSCRIPTIONS).containsOnly((long) RENEWALS_EACH + 1);
        assertThat(jdbc.queryForList("""
                SELECT 1 FROM domain_event_entry WHERE payload_type = 'io.billing.ledger.api.invoice.InvoiceDrafted'
                GROUP BY convert_from(payload, 'UTF8')::jsonb ->> 'subscriptionId',
                         convert_from(payload, 'UTF8')::jsonb -> 'period' ->> 'start'
                HAVING count(*) > 1""", Integer.class)).isEmpty();
        // finalized an hour after drafting: all but the 2027-03-01 drafts, numbered without a gap per year
        for (String year : List.of("2026", "2027")) {
            List<Integer> numbers = jdbc.queryForList("""
                    SELECT substring(convert_from(payload, 'UTF8')::jsonb ->> 'number' from 10)::int AS n
                    FROM domain_event_entry WHERE payload_type = 'io.billing.ledger.api.invoice.InvoiceFinalized'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'number' LIKE ? ORDER BY n""",
                    Integer.class, "INV-" + year + "-%");
            int expected = year.equals("2026") ? SUBSCRIPTIONS * 12 : SUBSCRIPTIONS * 2;
            assertThat(numbers).as(year).hasSize(expected);
            assertThat(numbers.get(0)).isEqualTo(1);
            assertThat(numbers.get(numbers.size() - 1)).isEqualTo(expected);
            assertThat(numbers.stream().distinct().count()).isEqualTo(expected);
        }
    }

    private static long renewals(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?",
                Long.class, RENEWED);
        return count == null ? 0 : count;
    }

}
