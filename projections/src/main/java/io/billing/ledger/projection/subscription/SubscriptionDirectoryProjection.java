package io.billing.ledger.projection.subscription;

import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.projection.support.JsonColumns;
import io.billing.ledger.api.common.ResourceTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds the subscription directory: the whole view as JSON, folded by
 * {@link SubscriptionViewEvolver}, beside the columns lists filter and sort on. Each row
 * remembers the sequence number of the last event it applied, so a redelivered event
 * changes nothing.
 */
@Component
@ProcessingGroup(SubscriptionDirectoryProjection.PROCESSING_GROUP)
public class SubscriptionDirectoryProjection {

    public static final String PROCESSING_GROUP = "subscription-directory";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    public SubscriptionDirectoryProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(SubscriptionCreated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        SubscriptionView view = SubscriptionViewEvolver.apply(null, event, at, version);
        jdbc.update("""
                        INSERT INTO subscription_directory (id, customer_id, plan_id, status, created_at, version, view)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
                        ON CONFLICT (id) DO NOTHING""",
                view.id(), view.customerId(), view.planId(), view.status().wire(),
                java.sql.Timestamp.from(view.createdAt()), version, json.writeDocument(view));
    }

    @EventHandler
    void on(TrialEnded event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionRenewed event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionPlanChanged event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionQuantityChanged event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionCancellationScheduled event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionCanceled event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionReactivated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionProrationsInvoiced event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionPaused event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionResumed event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionMarkedPastDue event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @EventHandler
    void on(SubscriptionRecovered event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        evolve(event.subscriptionId(), event, version, at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE subscription_directory");
    }

    /** Folds the event into the stored view; skipped when the row has it already (or does not exist). */
    private void evolve(String subscriptionId, Object event, long version, Instant at) {
        SubscriptionView current = jdbc.query("SELECT view FROM subscription_directory WHERE id = ?",
                        (rs, row) -> json.readDocument(rs.getString("view"), SubscriptionView.class), subscriptionId)
                .stream().findFirst().orElse(null);
        if (current == null || current.version() >= version) {
            return;
        }
        SubscriptionView next = SubscriptionViewEvolver.apply(current, event, at, version);
        jdbc.update("""
                        UPDATE subscription_directory SET customer_id = ?, plan_id = ?, status = ?, view = ?::jsonb,
                            version = ?
                        WHERE id = ? AND version < ?""",
                next.customerId(), next.planId(), next.status().wire(), json.writeDocument(next), version,
                subscriptionId, version);
    }
}
