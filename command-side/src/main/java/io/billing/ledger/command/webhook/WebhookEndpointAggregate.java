package io.billing.ledger.command.webhook;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.webhook.DeleteWebhookEndpoint;
import io.billing.ledger.api.webhook.DisableWebhookEndpoint;
import io.billing.ledger.api.webhook.RegisterWebhookEndpoint;
import io.billing.ledger.api.webhook.RequestWebhookTest;
import io.billing.ledger.api.webhook.RotateWebhookEndpointSecret;
import io.billing.ledger.api.webhook.UpdateWebhookEndpoint;
import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookTestRequested;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An outbound webhook endpoint (the seed's WebhookSubscription, {@code wh_…}; "endpoint" in
 * the code so that it is never mistaken for a billing subscription). Its secret only ever
 * appears sealed. A deleted endpoint takes no command.
 */
@Aggregate
public class WebhookEndpointAggregate {

    @AggregateIdentifier
    private String endpointId;
    private String url;
    private List<String> eventTypes;
    private String description;
    private boolean active;
    private boolean deleted;
    private String sealedSecret;

    protected WebhookEndpointAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public WebhookEndpointAggregate(RegisterWebhookEndpoint command) {
        apply(new WebhookEndpointRegistered(command.endpointId(), command.url(), command.eventTypes(),
                command.description(), command.sealedSecret()));
    }

    @CommandHandler
    public void handle(UpdateWebhookEndpoint command) {
        requireNotDeleted();
        String newUrl = command.url() != null ? command.url() : url;
        List<String> newTypes = command.eventTypes() != null ? command.eventTypes() : eventTypes;
        String newDescription = command.description() != null
                ? (command.description().isEmpty() ? null : command.description()) : description;
        boolean newActive = command.active() != null ? command.active() : active;
        if (Objects.equals(newUrl, url) && Objects.equals(newTypes, eventTypes)
                && Objects.equals(newDescription, description) && newActive == active) {
            return; // nothing changes, so nothing goes on the record
        }
        apply(new WebhookEndpointUpdated(endpointId, newUrl, newTypes, newDescription, newActive));
    }

    @CommandHandler
    public void handle(RotateWebhookEndpointSecret command) {
        requireNotDeleted();
        apply(new WebhookEndpointSecretRotated(endpointId, command.sealedSecret(), sealedSecret,
                command.previousValidUntil()));
    }

    @CommandHandler
    public void handle(DisableWebhookEndpoint command) {
        if (deleted || !active) {
            return; // already not receiving: a second 410 or a second node's decision changes nothing
        }
        apply(new WebhookEndpointDisabled(endpointId, command.reason()));
    }

    @CommandHandler
    public void handle(DeleteWebhookEndpoint command) {
        requireNotDeleted();
        apply(new WebhookEndpointDeleted(endpointId));
    }

    @CommandHandler
    public void handle(RequestWebhookTest command) {
        requireNotDeleted();
        if (!active) {
            throw new ConflictException("Webhook subscription " + endpointId
                    + " is inactive: activate it (isActive: true) before sending a test", "inactive", List.of());
        }
        apply(new WebhookTestRequested(endpointId));
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw new NotFoundException("Webhook subscription", endpointId);
        }
    }

    @EventSourcingHandler
    void on(WebhookEndpointRegistered event) {
        endpointId = event.endpointId();
        url = event.url();
        eventTypes = event.eventTypes();
        description = event.description();
        sealedSecret = event.sealedSecret();
        active = true;
    }

    @EventSourcingHandler
    void on(WebhookEndpointUpdated event) {
        url = event.url();
        eventTypes = event.eventTypes();
        description = event.description();
        active = event.active();
    }

    @EventSourcingHandler
    void on(WebhookEndpointSecretRotated event) {
        sealedSecret = event.sealedSecret();
    }

    @EventSourcingHandler
    void on(WebhookEndpointDisabled event) {
        active = false;
    }

    @EventSourcingHandler
    void on(WebhookEndpointDeleted event) {
        deleted = true;
        active = false;
    }
}
