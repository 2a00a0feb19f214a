package io.billing.ledger.server.testsupport;

import io.billing.ledger.server.BillingLedgerApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole server on a random port over a fresh PostgreSQL database of its own: requests
 * go through HTTP, the command bus, the event store, the processors and back. Each test
 * class gets its own database (and so its own server), closed after the class.
 */
@SpringBootTest(classes = BillingLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// as in production: Spring Boot's tests leave out metrics exporters by default, and GET /metrics needs Prometheus'
@AutoConfigureObservability(tracing = false)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// tests make many requests with one key; RateLimitEndToEndTest sets its own, lower limit. Dunning is
// off: customers without a card would be paused and canceled by it under every other area's tests;
// DunningEndToEndTest switches it on
@TestPropertySource(properties = {"billing.rate-limit.max-requests=1000000", "billing.dunning.enabled=false"})
public abstract class EndToEndTest {

    public static final String ADMIN_KEY = "blk_test_admin_0123456789abcdef0123456789";

    static {
        BillingLedgerApplication.disableAxonUpdateChecker();
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.fresh();
        registry.add("billing.database-url", () -> url);
        registry.add("billing.api-keys.bootstrap-key", () -> ADMIN_KEY);
        registry.add("billing.scheduler.poll-interval", () -> "PT0.1S");
    }

    protected Api api() {
        return new Api(port, ADMIN_KEY);
    }

    /**
     * The events requests caused. A new customer's link to the payment processor
     * ({@code StripeCustomerLinked}) is appended a moment later by a process of its own, whenever
     * it gets to it: counted, it would make "this request changed nothing" depend on timing.
     */
    protected long eventCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry "
                + "WHERE payload_type NOT LIKE '%.StripeCustomerLinked'", Long.class);
        return count == null ? 0 : count;
    }
}
