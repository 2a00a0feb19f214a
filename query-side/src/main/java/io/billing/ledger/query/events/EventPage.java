package io.billing.ledger.query.events;

import java.util.List;

/**
 * A page of the stream: {@code {"data": [events…], "nextAfter": position}}. {@code nextAfter} is
 * the {@code after} of the next request: every event at or below it has been served or filtered
 * out, and none can still commit there. It equals the request's {@code after} when nothing new is
 * final yet (poll again).
 */
public record EventPage(List<StreamedEvent> data, long nextAfter) {
}
