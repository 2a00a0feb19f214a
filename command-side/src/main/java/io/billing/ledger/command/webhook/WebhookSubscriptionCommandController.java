package io.billing.ledger.command.webhook;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.webhook.DeleteWebhookEndpoint;
import io.billing.ledger.api.webhook.FindWebhookEvent;
import io.billing.ledger.api.webhook.FindWebhookSubscription;
import io.billing.ledger.api.webhook.RegisterWebhookEndpoint;
import io.billing.ledger.api.webhook.RequestWebhookTest;
import io.billing.ledger.api.webhook.RotateWebhookEndpointSecret;
import io.billing.ledger.api.webhook.SealedSecrets;
import io.billing.ledger.api.webhook.UpdateWebhookEndpoint;
import io.billing.ledger.api.webhook.WebhookEventIds;
import io.billing.ledger.api.webhook.WebhookEventTypes;
import io.billing.ledger.api.webhook.WebhookEventView;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.billing.ledger.command.web.ShownOnce;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Webhook endpoints (the seed's webhook subscriptions). Admin only: an endpoint receives
 * every customer's data, and its URL may itself carry a credential (docs/webhooks.md).
 */
@RestController
@RequestMapping("/v1/webhook-subscriptions")
@Tag(name = "Webhook subscriptions")
@RequiresScope(ApiKeyScope.ADMIN)
public class WebhookSubscriptionCommandController {

    /** The old secret keeps signing beside the new one for this long after a rotation. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;
    private final SealedSecrets secrets;
    private final WebhookTargetPolicy targets;
    private final Clock clock;

    public WebhookSubscriptionCommandController(CommandGateway commands, QueryGateway queries,
                                                AggregateVersions versions, SealedSecrets secrets,
                                                WebhookTargetPolicy targets, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
        this.secrets = secrets;
        this.targets = targets;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce("secret")
    @Operation(summary = "Register a webhook endpoint (admin); the secret is in this answer only: a replay of this "
            + "request (same Idempotency-Key) answers \"secret\": null with Idempotent-Secret-Omitted: secret")
    public DataEnvelope<WebhookSubscriptionWithSecret> create(@Valid @RequestBody CreateWebhookSubscriptionRequest request) {
        targets.check(request.url());
        List<String> types = checkedTypes(request.eventTypes());
        String endpointId = Ids.next(Ids.WEBHOOK);
        String secret = secrets.newSecret();
        commands.sendAndWait(new RegisterWebhookEndpoint(endpointId, request.url(), types,
                blankToNull(request.description()), secrets.seal(endpointId, secret)));
        return DataEnvelope.of(new WebhookSubscriptionWithSecret(viewAfterWrite(endpointId), secret, null));
    }

    @PatchMapping("/{webhookSubscriptionId}")
    @Operation(summary = "Change an endpoint's url, eventTypes, description or isActive (admin)")
    public DataEnvelope<WebhookSubscriptionView> update(
            @PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId,
            @Valid @RequestBody UpdateWebhookSubscriptionRequest request) {
        if (request.url() != null) {
            targets.check(request.url());
        }
        List<String> types = request.eventTypes() == null ? null : checkedTypes(request.eventTypes());
        commands.sendAndWait(new UpdateWebhookEndpoint(webhookSubscriptionId, request.url(), types,
                request.description(), request.isActive()));
        return DataEnvelope.of(viewAfterWrite(webhookSubscriptionId));
    }

    @DeleteMapping("/{webhookSubscriptionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an endpoint (admin): no more deliveries; its delivery log stays")
    public void delete(@PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId) {
        commands.sendAndWait(new DeleteWebhookEndpoint(webhookSubscriptionId));
        // read-your-writes: answers once the read side has the deletion (its view is then gone)
        queries.query(new FindWebhookSubscription(webhookSubscriptionId, versions.of(webhookSubscriptionId)),
                ResponseTypes.optionalInstanceOf(WebhookSubscriptionView.class)).join();
    }

    @PostMapping("/{webhookSubscriptionId}/rotate-secret")
    @ShownOnce("secret")
    @Operation(summary = "Give an endpoint a new secret, shown in this answer only (admin); the old one keeps "
            + "signing beside it for 24 hours, so deliveries carry both signatures meanwhile")
    public DataEnvelope<WebhookSubscriptionWithSecret> rotateSecret(
            @PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId) {
        String secret = secrets.newSecret();
        Instant previousValidUntil = clock.instant().plus(ROTATION_OVERLAP);
        commands.sendAndWait(new RotateWebhookEndpointSecret(webhookSubscriptionId,
                secrets.seal(webhookSubscriptionId, secret), previousValidUntil));
        return DataEnvelope.of(new WebhookSubscriptionWithSecret(viewAfterWrite(webhookSubscriptionId), secret,
                previousValidUntil));
    }

    // 201: the test creates a delivery, answered as the resource it is (a POST never answers 202: docs/api.md)
    @PostMapping("/{webhookSubscriptionId}/test")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Send a webhook.test event to this endpoint only (admin); answers the queued delivery")
    public DataEnvelope<WebhookEventView> test(
            @PathVariable @Pattern(regexp = Ids.WEBHOOK_ID) String webhookSubscriptionId) {
        commands.sendAndWait(new RequestWebhookTest(webhookSubscriptionId));
        String eventId = WebhookEventIds.of(webhookSubscriptionId, webhookSubscriptionId,
                versions.of(webhookSubscriptionId));
        return DataEnvelope.of(queries.query(new FindWebhookEvent(eventId, Duration.ofSeconds(5)),
                        ResponseTypes.optionalInstanceOf(WebhookEventView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(eventId)));
    }

    private static List<String> checkedTypes(List<String> types) {
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (!type.equals(WebhookEventTypes.ALL_TYPES) && !WebhookEventTypes.isKnown(type)) {
                throw new InvalidRequestException("eventTypes[" + i + "]", "invalid_value",
                        "unknown event type '" + type + "'; expected * or one of " + String.join(", ",
                                WebhookEventTypes.KNOWN));
            }
        }
        return WebhookEventTypes.normalized(types);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private WebhookSubscriptionView viewAfterWrite(String endpointId) {
        return queries.query(new FindWebhookSubscription(endpointId, versions.of(endpointId)),
                        ResponseTypes.optionalInstanceOf(WebhookSubscriptionView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(endpointId));
    }
}
