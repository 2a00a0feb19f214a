package io.billing.ledger.command.usage;

import io.billing.ledger.api.usage.UsageRecordView;

/** What became of one record: stored now, stored before (the original is returned), or refused. */
public record UsageOutcome(Status status, UsageRecordView record, UsageError error) {

    public enum Status { CREATED, DUPLICATE, INVALID }

    static UsageOutcome created(UsageRecordView record) {
        return new UsageOutcome(Status.CREATED, record, null);
    }

    static UsageOutcome duplicate(UsageRecordView original) {
        return new UsageOutcome(Status.DUPLICATE, original, null);
    }

    static UsageOutcome invalid(UsageError error) {
        return new UsageOutcome(Status.INVALID, null, error);
    }
}
