package io.billing.ledger.saga.stripe;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** The Stripe events taken in ({@code stripe_webhook_events}), by Stripe's event id. */
@Component
public class StripeWebhookEvents {

    private final JdbcTemplate jdbc;

    public StripeWebhookEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event in the caller's transaction; false when it was recorded before. A
     * concurrent delivery of the same event waits on the first one's row and then finds it.
     */
    public boolean recordFirst(String eventId, String type, Instant created, Instant receivedAt, String outcome) {
        return jdbc.update("""
                INSERT INTO stripe_webhook_events (event_id, event_type, created_at, received_at, outcome)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                eventId, type, Timestamp.from(created), Timestamp.from(receivedAt), outcome) == 1;
    }
}
