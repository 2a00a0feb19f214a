package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.webhook.WebhookEventView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The delivery log (the seed's WebhookEvent) and redelivery; admin only (docs/webhooks.md). */
@RestController
@RequestMapping("/v1/webhook-events")
@Tag(name = "Webhook events")
@RequiresScope(ApiKeyScope.ADMIN)
public class WebhookEventController {

    private final WebhookDeliveryLog deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveryWorkers workers;

    public WebhookEventController(WebhookDeliveryLog deliveries, WebhookEndpoints endpoints,
                                  WebhookDeliveryWorkers workers) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.workers = workers;
    }

    @GetMapping
    @Operation(summary = "List deliveries, newest first (admin); filter by webhookSubscriptionId, status, type")
    public ListEnvelope<WebhookEventView> list(
            @RequestParam(required = false) @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId,
            @RequestParam(required = false) @Pattern(regexp = "^(pending|delivered|failed)$",
                    message = "must be one of pending, delivered, failed") String status,
            @RequestParam(required = false) @Size(max = 100) String type,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        return ListEnvelope.of(deliveries.list(webhookSubscriptionId, status, type, new PageRequest(page, pageSize)));
    }

    @GetMapping("/{webhookEventId}")
    @Operation(summary = "Retrieve a delivery with every attempt (admin)")
    public DataEnvelope<WebhookEventView> get(@PathVariable @Pattern(regexp = Ids.EVENT_ID) String webhookEventId) {
        return DataEnvelope.of(find(webhookEventId));
    }

    // 200 with the delivery, due again now (a POST never answers 202: docs/api.md)
    @PostMapping("/{webhookEventId}/redeliver")
    @Operation(summary = "Send a delivery again now, same evt_ id and body, with a fresh retry schedule (admin)")
    public DataEnvelope<WebhookEventView> redeliver(@PathVariable @Pattern(regexp = Ids.EVENT_ID) String webhookEventId) {
        WebhookEventView delivery = find(webhookEventId);
        WebhookEndpoints.Target endpoint = endpoints.target(delivery.webhookSubscriptionId()).orElse(null);
        if (endpoint == null || endpoint.deleted()) {
            throw new ConflictException("Webhook subscription " + delivery.webhookSubscriptionId()
                    + " was deleted: its deliveries cannot be sent again", "deleted", List.of());
        }
        deliveries.redeliver(webhookEventId);
        workers.wakeUp();
        return DataEnvelope.of(find(webhookEventId));
    }

    private WebhookEventView find(String webhookEventId) {
        return deliveries.find(webhookEventId)
                .orElseThrow(() -> new NotFoundException("Webhook event", webhookEventId));
    }
}
