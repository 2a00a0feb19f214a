package io.billing.ledger.query.events;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.api.dunning.DunningCheckpointScheduled;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningEscalationResumed;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningPaymentFailed;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.UsageRecorded;
import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookTestRequested;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event types the stream serves, by the name a client filters on ({@code types=}): the event's
 * simple class name, as {@code /history} shows it in {@code type} ({@code SubscriptionCanceled}),
 * and the resource each is about ({@code resourceType}, the aggregate that records it;
 * {@code UsagePeriodClosed} is recorded by the invoice that closed the period). A new event type
 * must be added here: {@code EventTypesCompletenessTest} fails for a handled event missing.
 */
public final class EventTypes {

    private static final Map<String, Class<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, String> RESOURCE = new LinkedHashMap<>();

    static {
        type(PlanCreated.class, "Plan");
        type(PlanUpdated.class, "Plan");
        type(PlanArchived.class, "Plan");
        type(CustomerCreated.class, "Customer");
        type(CustomerUpdated.class, "Customer");
        type(StripeCustomerLinked.class, "Customer");
        type(PaymentMethodAttached.class, "Customer");
        type(DefaultPaymentMethodSet.class, "Customer");
        type(CustomerCreditGranted.class, "Customer");
        type(CustomerCreditApplied.class, "Customer");
        type(SubscriptionCreated.class, "Subscription");
        type(TrialEnded.class, "Subscription");
        type(SubscriptionRenewed.class, "Subscription");
        type(SubscriptionPlanChanged.class, "Subscription");
        type(SubscriptionQuantityChanged.class, "Subscription");
        type(SubscriptionCancellationScheduled.class, "Subscription");
        type(SubscriptionCanceled.class, "Subscription");
        type(SubscriptionReactivated.class, "Subscription");
        type(SubscriptionMarkedPastDue.class, "Subscription");
        type(SubscriptionPaused.class, "Subscription");
        type(SubscriptionResumed.class, "Subscription");
        type(SubscriptionProrationsInvoiced.class, "Subscription");
        type(SubscriptionRecovered.class, "Subscription");
        type(InvoiceDrafted.class, "Invoice");
        type(InvoiceFinalized.class, "Invoice");
        type(InvoicePaid.class, "Invoice");
        type(InvoicePaymentFailed.class, "Invoice");
        type(InvoicePaymentActionRequired.class, "Invoice");
        type(InvoicePaymentRequested.class, "Invoice");
        type(InvoiceVoided.class, "Invoice");
        type(InvoiceMarkedUncollectible.class, "Invoice");
        type(InvoiceMetadataUpdated.class, "Invoice");
        type(InvoiceRegenerated.class, "Invoice");
        type(CreditNoteIssued.class, "Invoice");
        type(UsagePeriodClosed.class, "Invoice");
        type(PaymentAttemptStarted.class, "Payment");
        type(PaymentSucceeded.class, "Payment");
        type(PaymentFailed.class, "Payment");
        type(PaymentActionRequired.class, "Payment");
        type(PaymentRefunded.class, "Payment");
        type(PaymentDisputed.class, "Payment");
        type(PaymentDisputeClosed.class, "Payment");
        type(DunningStarted.class, "DunningCase");
        type(DunningCheckpointScheduled.class, "DunningCase");
        type(DunningEscalated.class, "DunningCase");
        type(DunningEscalationHeld.class, "DunningCase");
        type(DunningEscalationResumed.class, "DunningCase");
        type(DunningExhausted.class, "DunningCase");
        type(DunningPaymentFailed.class, "DunningCase");
        type(DunningResolved.class, "DunningCase");
        type(PaymentRetryScheduled.class, "DunningCase");
        type(PaymentRetryAttempted.class, "DunningCase");
        type(ApiKeyCreated.class, "ApiKey");
        type(ApiKeyRevoked.class, "ApiKey");
        type(WebhookEndpointRegistered.class, "WebhookSubscription");
        type(WebhookEndpointUpdated.class, "WebhookSubscription");
        type(WebhookEndpointSecretRotated.class, "WebhookSubscription");
        type(WebhookEndpointDisabled.class, "WebhookSubscription");
        type(WebhookEndpointDeleted.class, "WebhookSubscription");
        type(WebhookTestRequested.class, "WebhookSubscription");
        type(TestClockCreated.class, "TestClock");
        type(TestClockAdvanceStarted.class, "TestClock");
        type(TestClockAdvanced.class, "TestClock");
        type(UsageRecorded.class, "UsageRecord");
        type(UsageRecordVoided.class, "UsageRecord");
    }

    private EventTypes() {
    }

    private static void type(Class<?> event, String resourceType) {
        BY_NAME.put(event.getSimpleName(), event);
        RESOURCE.put(event, resourceType);
    }

    /** Every name a filter may use, in the catalogue's order (by resource). */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    public static Optional<Class<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The resource type of a stored payload type (a class name), if it is one of ours. */
    public static Optional<String> resourceType(String payloadType) {
        Class<?> event = BY_NAME.get(simpleName(payloadType));
        return event != null && event.getName().equals(payloadType) ? Optional.of(RESOURCE.get(event)) : Optional.empty();
    }

    public static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
