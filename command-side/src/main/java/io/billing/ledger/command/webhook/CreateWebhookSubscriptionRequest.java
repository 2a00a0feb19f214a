package io.billing.ledger.command.webhook;

import io.billing.ledger.command.web.MultilineText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

public record CreateWebhookSubscriptionRequest(
        @NotBlank @Size(max = 2048) String url,
        @NotEmpty @Size(max = 50) List<@NotNull String> eventTypes,
        @Size(max = 500) @MultilineText String description) {
}
