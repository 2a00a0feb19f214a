package io.billing.ledger.command.webhook;

import io.billing.ledger.command.web.MultilineText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** What PATCH may change; absent fields stay as they are, {@code description: ""} clears it. */
public record UpdateWebhookSubscriptionRequest(
        @Size(min = 1, max = 2048) String url,
        @Size(min = 1, max = 50) List<@NotNull String> eventTypes,
        @Size(max = 500) @MultilineText String description,
        Boolean isActive) {
}
