package io.billing.ledger.projection.customer;

import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.api.money.Money;
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

/** Builds the customer directory; idempotent by the version each row remembers. */
@Component
@ProcessingGroup(CustomerDirectoryProjection.PROCESSING_GROUP)
public class CustomerDirectoryProjection {

    public static final String PROCESSING_GROUP = "customer-directory";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    public CustomerDirectoryProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        jdbc.update("""
                        INSERT INTO customer_directory (id, email, name, test_clock_id, metadata, created_at,
                            updated_at, version)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                event.customerId(), event.email(), event.name(), event.testClockId(), json.write(event.metadata()),
                java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), version);
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        jdbc.update("""
                        UPDATE customer_directory SET email = ?, name = ?, metadata = ?::jsonb, updated_at = ?,
                            version = ?
                        WHERE id = ? AND version < ?""",
                event.email(), event.name(), json.write(event.metadata()), java.sql.Timestamp.from(at), version,
                event.customerId(), version);
    }

    @EventHandler
    void on(CustomerCreditGranted event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        setCreditBalance(event.customerId(), event.balance(), version, at);
    }

    @EventHandler
    void on(CustomerCreditApplied event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        setCreditBalance(event.customerId(), event.balance(), version, at);
    }

    @EventHandler
    void on(StripeCustomerLinked event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        jdbc.update("""
                        UPDATE customer_directory SET stripe_customer_id = ?, updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                event.stripeCustomerId(), java.sql.Timestamp.from(at), version, event.customerId(), version);
    }

    @EventHandler
    void on(PaymentMethodAttached event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        jdbc.update("""
                        INSERT INTO customer_payment_methods (customer_id, payment_method_id, brand, last4, exp_month,
                            exp_year, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""",
                event.customerId(), event.paymentMethodId(), event.brand(), event.last4(), event.expMonth(),
                event.expYear(), java.sql.Timestamp.from(event.at() != null ? event.at() : at));
        jdbc.update("UPDATE customer_directory SET updated_at = ?, version = ? WHERE id = ? AND version < ?",
                java.sql.Timestamp.from(at), version, event.customerId(), version);
    }

    @EventHandler
    void on(DefaultPaymentMethodSet event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(ResourceTime.KEY) String clockTime) {
        Instant at = ResourceTime.of(clockTime, recordedAt); // the resource's clock (docs/api.md)
        jdbc.update("""
                        UPDATE customer_directory SET default_payment_method_id = ?, updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                event.paymentMethodId(), java.sql.Timestamp.from(at), version, event.customerId(), version);
    }

    /** The event carries the currency's balance after it: set, never summed, so a redelivery is harmless. */
    private void setCreditBalance(String customerId, Money balance, long version, Instant at) {
        jdbc.update("""
                        UPDATE customer_directory
                        SET credit_balances = credit_balances || jsonb_build_object(?::text, ?::bigint),
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                balance.currency(), balance.amount(), java.sql.Timestamp.from(at), version, customerId, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE customer_directory, customer_payment_methods");
    }
}
