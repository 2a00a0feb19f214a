package io.billing.ledger.query.events;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.error.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.Set;

@RestController
@Tag(name = "Event stream")
@RequiresScope(ApiKeyScope.READ)
public class EventStreamController {

    private final EventStream stream;

    public EventStreamController(EventStream stream) {
        this.stream = stream;
    }

    @GetMapping("/v1/events")
    @Operation(summary = "Every recorded event in global order, from a position on; follow nextAfter",
            description = "Never skips an event: a page ends before a position a transaction in flight may still "
                    + "fill, and continues from there on a later request. Payloads in the API's wire shapes, "
                    + "without secrets.")
    public EventPage events(
            @Parameter(description = "Serve events after this position (0: from the start); the previous page's nextAfter")
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @Parameter(description = "Comma-separated event type names, e.g. SubscriptionCanceled,InvoicePaid (all when absent)")
            @RequestParam(required = false) String types) {
        return stream.after(after, limit, types(types));
    }

    private static Set<Class<?>> types(String names) {
        Set<Class<?>> types = new LinkedHashSet<>();
        if (names == null) {
            return types;
        }
        for (String name : names.split(",", -1)) {
            String trimmed = name.strip();
            // the name is echoed only when it looks like one, never arbitrary input
            String shown = trimmed.matches("[A-Za-z]{1,64}") ? "'" + trimmed + "'" : "An empty or malformed name";
            types.add(EventTypes.byName(trimmed).orElseThrow(() -> new InvalidRequestException("types",
                    "unknown_event_type", shown + " is not an event type; known types: "
                    + String.join(", ", EventTypes.names()))));
        }
        return types;
    }
}
