package io.billing.ledger.command.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billing.ledger.api.usage.UsageRecordView;

/** The outcome of one record of a batch, at its index in the request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageBatchResult(int index, String status, UsageRecordView record, Error error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String field, String message) {
    }
}
