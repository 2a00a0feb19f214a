package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEventTypes;
import io.billing.ledger.api.webhook.WebhookTestRequested;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which domain event is sent as which webhook type, and which resource its {@code data} is.
 * The one place to add a type: one line per event (docs/webhooks.md lists the table and the
 * types not mapped yet). {@code data} is the resource named by the event's own aggregate, so
 * the event's sequence number is the version the rendered view must have reached.
 */
public final class WebhookEventMapping {

    /** The REST resource a payload's {@code data} is, and how the renderer reads it. */
    public enum Resource { SUBSCRIPTION, INVOICE, CUSTOMER, PLAN, PAYMENT, DUNNING_CASE, WEBHOOK_SUBSCRIPTION }

    /** One domain event's webhook: its type, and the resource (kind and id) that is its data. */
    public record Mapping(String type, Resource resource, Function<Object, String> resourceId) {
    }

    private static final Map<Class<?>, Mapping> MAPPINGS = new LinkedHashMap<>();

    static {
        map(SubscriptionCreated.class, "subscription.created", Resource.SUBSCRIPTION, SubscriptionCreated::subscriptionId);
        map(TrialEnded.class, "subscription.updated", Resource.SUBSCRIPTION, TrialEnded::subscriptionId);
        map(SubscriptionRenewed.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionRenewed::subscriptionId);
        map(SubscriptionPlanChanged.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionPlanChanged::subscriptionId);
        map(SubscriptionQuantityChanged.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionQuantityChanged::subscriptionId);
        map(SubscriptionCancellationScheduled.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionCancellationScheduled::subscriptionId);
        map(SubscriptionMarkedPastDue.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionMarkedPastDue::subscriptionId);
        map(SubscriptionPaused.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionPaused::subscriptionId);
        map(SubscriptionResumed.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionResumed::subscriptionId);
        map(SubscriptionRecovered.class, "subscription.updated", Resource.SUBSCRIPTION, SubscriptionRecovered::subscriptionId);
        map(SubscriptionCanceled.class, "subscription.canceled", Resource.SUBSCRIPTION, SubscriptionCanceled::subscriptionId);
        map(SubscriptionReactivated.class, "subscription.reactivated", Resource.SUBSCRIPTION, SubscriptionReactivated::subscriptionId);

        map(InvoiceDrafted.class, "invoice.created", Resource.INVOICE, InvoiceDrafted::invoiceId);
        map(InvoiceFinalized.class, "invoice.finalized", Resource.INVOICE, InvoiceFinalized::invoiceId);
        map(InvoicePaid.class, "invoice.paid", Resource.INVOICE, InvoicePaid::invoiceId);
        map(InvoiceVoided.class, "invoice.voided", Resource.INVOICE, InvoiceVoided::invoiceId);
        map(InvoiceMarkedUncollectible.class, "invoice.marked_uncollectible", Resource.INVOICE, InvoiceMarkedUncollectible::invoiceId);
        map(CreditNoteIssued.class, "credit_note.issued", Resource.INVOICE, CreditNoteIssued::invoiceId);

        map(CustomerCreated.class, "customer.created", Resource.CUSTOMER, CustomerCreated::customerId);
        map(CustomerUpdated.class, "customer.updated", Resource.CUSTOMER, CustomerUpdated::customerId);

        map(PlanCreated.class, "plan.created", Resource.PLAN, PlanCreated::planId);
        map(PlanUpdated.class, "plan.updated", Resource.PLAN, PlanUpdated::planId);
        map(PlanArchived.class, "plan.archived", Resource.PLAN, PlanArchived::planId);

        map(WebhookTestRequested.class, WebhookEventTypes.TEST, Resource.WEBHOOK_SUBSCRIPTION, WebhookTestRequested::endpointId);
        map(WebhookEndpointDisabled.class, "webhook_endpoint.disabled", Resource.WEBHOOK_SUBSCRIPTION, WebhookEndpointDisabled::endpointId);
        map(InvoicePaymentActionRequired.class, "invoice.payment_action_required", Resource.INVOICE,
                InvoicePaymentActionRequired::invoiceId);
        map(PaymentSucceeded.class, "payment.succeeded", Resource.PAYMENT, PaymentSucceeded::paymentId);
        map(PaymentFailed.class, "payment.failed", Resource.PAYMENT, PaymentFailed::paymentId);
        map(PaymentRefunded.class, "payment.refunded", Resource.PAYMENT, PaymentRefunded::paymentId);
        map(PaymentDisputed.class, "payment.disputed", Resource.PAYMENT, PaymentDisputed::paymentId);
        map(DunningStarted.class, "dunning.started", Resource.DUNNING_CASE, DunningStarted::dunningId);
        map(PaymentRetryScheduled.class, "dunning.retry_scheduled", Resource.DUNNING_CASE, PaymentRetryScheduled::dunningId);
        map(DunningEscalated.class, "dunning.escalated", Resource.DUNNING_CASE, DunningEscalated::dunningId);
        map(DunningResolved.class, "dunning.resolved", Resource.DUNNING_CASE, DunningResolved::dunningId);
    }

    private WebhookEventMapping() {
    }

    private static <E> void map(Class<E> event, String type, Resource resource, Function<E, String> id) {
        if (!WebhookEventTypes.isKnown(type)) {
            throw new IllegalStateException(type + " is not a known webhook event type");
        }
        MAPPINGS.put(event, new Mapping(type, resource, payload -> id.apply(event.cast(payload))));
    }

    public static Optional<Mapping> of(Class<?> eventType) {
        return Optional.ofNullable(MAPPINGS.get(eventType));
    }

    /** Every mapped domain event and its type, in the order above (for docs and tests). */
    public static Map<Class<?>, String> types() {
        Map<Class<?>, String> types = new LinkedHashMap<>();
        MAPPINGS.forEach((event, mapping) -> types.put(event, mapping.type()));
        return types;
    }
}
