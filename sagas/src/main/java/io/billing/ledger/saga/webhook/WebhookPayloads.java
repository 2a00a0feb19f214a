package io.billing.ledger.saga.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.invoice.FindInvoice;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.FindDunningCase;
import io.billing.ledger.api.payment.FindPayment;
import io.billing.ledger.api.payment.PaymentView;
import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.api.plan.PlanView;
import io.billing.ledger.api.subscription.FindSubscription;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.webhook.FindWebhookSubscription;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Renders a delivery's body, the seed's {@code {"id", "type", "createdAt", "data"}}, where
 * {@code data} is the resource as {@code GET /v1/<resource>/{id}} answers it, read through the
 * same query messages with the event's version as the minimum: the view has at least that
 * event in it (a later change may already be in it too). Serialized with the API's own
 * ObjectMapper, so the fields and formats are the API's.
 */
@Component
public class WebhookPayloads {

    private final QueryGateway queries;
    private final ObjectMapper json;

    public WebhookPayloads(QueryGateway queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** The body, or empty while the read side has not reached the event yet. */
    Optional<String> render(WebhookDeliveryLog.Claimed delivery) {
        Optional<?> data = resource(delivery.resource(), delivery.resourceId(), delivery.resourceVersion());
        return data.map(resource -> write(new Body(delivery.id(), delivery.type(), delivery.eventCreatedAt(), resource)));
    }

    private Optional<?> resource(WebhookEventMapping.Resource kind, String id, long version) {
        return switch (kind) {
            case SUBSCRIPTION -> queries.query(new FindSubscription(id, version),
                    ResponseTypes.optionalInstanceOf(SubscriptionView.class)).join();
            case INVOICE -> queries.query(new FindInvoice(id, version),
                    ResponseTypes.optionalInstanceOf(InvoiceView.class)).join();
            case CUSTOMER -> queries.query(new FindCustomer(id, version),
                    ResponseTypes.optionalInstanceOf(CustomerView.class)).join();
            case PLAN -> queries.query(new FindPlan(id, version),
                    ResponseTypes.optionalInstanceOf(PlanView.class)).join();
            case PAYMENT -> queries.query(new FindPayment(id, version),
                    ResponseTypes.optionalInstanceOf(PaymentView.class)).join();
            case DUNNING_CASE -> queries.query(new FindDunningCase(id, null, version),
                    ResponseTypes.optionalInstanceOf(DunningCaseView.class)).join();
            // the endpoint may since be deleted: its view then is gone, and the event still goes out
            case WEBHOOK_SUBSCRIPTION -> queries.query(new FindWebhookSubscription(id, -1),
                    ResponseTypes.optionalInstanceOf(WebhookSubscriptionView.class)).join()
                    .map(Object.class::cast).or(() -> Optional.of(java.util.Map.of("id", id)));
        };
    }

    private String write(Body body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload could not be written", e);
        }
    }

    /** The seed's payload format, exactly these four fields. */
    record Body(String id, String type, Instant createdAt, Object data) {
    }
}
