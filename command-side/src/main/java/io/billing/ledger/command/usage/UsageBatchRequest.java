package io.billing.ledger.command.usage;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Up to 1,000 records; each is checked on its own, so one bad record does not refuse the rest. */
public record UsageBatchRequest(@NotNull @Size(min = 1, max = 1000) List<JsonNode> records) {
}
