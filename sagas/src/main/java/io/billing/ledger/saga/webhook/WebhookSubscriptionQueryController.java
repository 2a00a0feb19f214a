package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.webhook.FindWebhookSubscription;
import io.billing.ledger.api.webhook.ListWebhookSubscriptions;
import io.billing.ledger.api.webhook.WebhookReplay;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/** Reading webhook endpoints, and replaying an endpoint's deliveries; admin only (docs/webhooks.md). */
@RestController
@RequestMapping("/v1/webhook-subscriptions")
@Tag(name = "Webhook subscriptions")
@RequiresScope(ApiKeyScope.ADMIN)
public class WebhookSubscriptionQueryController {

    private final QueryGateway queries;
    private final WebhookDeliveryLog deliveries;
    private final WebhookDeliveryWorkers workers;
    private final Clock clock;

    public WebhookSubscriptionQueryController(QueryGateway queries, WebhookDeliveryLog deliveries,
                                              WebhookDeliveryWorkers workers, Clock clock) {
        this.queries = queries;
        this.deliveries = deliveries;
        this.workers = workers;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "List webhook endpoints (admin), newest first; secrets are never shown")
    @SuppressWarnings("unchecked")
    public ListEnvelope<WebhookSubscriptionView> list(@RequestParam(defaultValue = "1") @Min(1) int page,
                                                      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<WebhookSubscriptionView> result = queries.query(
                new ListWebhookSubscriptions(new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{webhookSubscriptionId}")
    @Operation(summary = "Retrieve a webhook endpoint (admin)")
    public DataEnvelope<WebhookSubscriptionView> get(
            @PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId) {
        return DataEnvelope.of(find(webhookSubscriptionId));
    }

    // 200 with what was queued again (a POST never answers 202: docs/api.md)
    @PostMapping("/{webhookSubscriptionId}/replay")
    @Operation(summary = "Send again the endpoint's deliveries created in [since, until) (admin): those with the "
            + "given status (default failed; all for every one), under their original evt_ ids")
    public DataEnvelope<WebhookReplay> replay(
            @PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId,
            @Valid @RequestBody ReplayRequest request) {
        WebhookSubscriptionView endpoint = find(webhookSubscriptionId);
        Instant until = request.until() == null ? clock.instant() : request.until();
        if (!until.isAfter(request.since())) {
            throw new InvalidRequestException("until", "invalid_value", "until must be after since");
        }
        String status = request.status() == null ? WebhookDeliveryLog.FAILED : request.status();
        int count = deliveries.replay(endpoint.id(), request.since(), until, status.equals("all") ? null : status);
        workers.wakeUp();
        return DataEnvelope.of(new WebhookReplay(endpoint.id(), request.since(), until, status, count));
    }

    private WebhookSubscriptionView find(String webhookSubscriptionId) {
        return queries.query(new FindWebhookSubscription(webhookSubscriptionId, -1),
                        ResponseTypes.optionalInstanceOf(WebhookSubscriptionView.class)).join()
                .orElseThrow(() -> new NotFoundException("Webhook subscription", webhookSubscriptionId));
    }

    /** {@code status}: {@code failed} (default), {@code delivered}, {@code pending} or {@code all}. */
    public record ReplayRequest(@NotNull Instant since,
                                Instant until,
                                @Pattern(regexp = "^(failed|delivered|pending|all)$",
                                        message = "must be one of failed, delivered, pending, all") String status) {
    }
}
