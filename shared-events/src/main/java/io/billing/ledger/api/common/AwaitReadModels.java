package io.billing.ledger.api.common;

/**
 * Asks the read side to wait, for a bounded time, until every read model has handled every event
 * stored when the query arrived; answers whether they all did. For answers that must show all that a
 * request caused (a test clock's advance with {@code wait=true}), not only the resource it changed.
 */
public record AwaitReadModels() {
}
