package io.billing.ledger.projection.usage;

import io.billing.ledger.api.usage.UsageRecordView;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.UsageRecorded;

import java.time.Instant;
import java.util.Map;

/**
 * A usage record as the API shows it, from its events (recorded, and voided if it was): what ingestion answers and
 * {@code usage_record_log} keeps. {@code at} is the record's clock (a test clock's time for a
 * subscription on one), which is its {@code createdAt}.
 */
public final class UsageRecordViewEvolver {

    private UsageRecordViewEvolver() {
    }

    public static UsageRecordView apply(UsageRecordView v, Object event, Instant at, long version) {
        if (event instanceof UsageRecorded e) {
            return new UsageRecordView(e.recordId(), e.subscriptionId(), e.idempotencyKey(), e.quantity(),
                    e.timestamp(), e.properties() == null ? Map.of() : e.properties(), e.period().start(),
                    e.period().end(), at);
        }
        if (event instanceof UsageRecordVoided e && v != null) {
            // still on the record, no longer counted (docs/usage.md)
            return new UsageRecordView(v.id(), v.subscriptionId(), v.idempotencyKey(), v.quantity(), v.timestamp(),
                    v.properties(), v.periodStart(), v.periodEnd(), v.createdAt(), UsageRecordView.VOIDED,
                    e.voidedAt());
        }
        return v;
    }
}
