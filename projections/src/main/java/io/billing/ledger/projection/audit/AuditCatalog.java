package io.billing.ledger.projection.audit;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.api.dunning.DunningCaseView;
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
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PaymentView;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.plan.PlanView;
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
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import io.billing.ledger.api.testclock.TestClockView;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.api.usage.UsageRecordView;
import io.billing.ledger.api.usage.UsageRecordVoided;
import io.billing.ledger.api.usage.UsageRecorded;
import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import io.billing.ledger.api.webhook.WebhookTestRequested;
import io.billing.ledger.projection.apikey.ApiKeyViewEvolver;
import io.billing.ledger.projection.customer.CustomerViewEvolver;
import io.billing.ledger.projection.dunning.DunningCaseViewEvolver;
import io.billing.ledger.projection.invoice.InvoiceViewEvolver;
import io.billing.ledger.projection.payment.PaymentViewEvolver;
import io.billing.ledger.projection.plan.PlanViewEvolver;
import io.billing.ledger.projection.subscription.SubscriptionViewEvolver;
import io.billing.ledger.projection.testclock.TestClockViewEvolver;
import io.billing.ledger.projection.usage.UsageRecordViewEvolver;
import io.billing.ledger.projection.webhook.WebhookSubscriptionViewEvolver;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the audit log calls each recorded event: one dotted action per event type, the type of
 * resource it changes, and how that resource's view (the one the REST API shows) is folded — by
 * the evolver its own projection or {@code asOf} uses, never a second copy. The table in
 * docs/audit.md is this one written out; {@code AuditCatalogTest} keeps them equal.
 */
public final class AuditCatalog {

    /** One step of a view's history, as every {@code …ViewEvolver.apply} is. */
    @FunctionalInterface
    public interface Evolver<V> {
        V apply(V current, Object event, Instant at, long version);
    }

    /** A kind of resource: its name on the wire, the view the API shows, and how an event changes it. */
    public record Resource<V>(String name, Class<V> view, Evolver<V> evolver) {

        @SuppressWarnings("unchecked")
        public Object evolve(Object current, Object event, Instant at, long version) {
            return evolver.apply((V) current, event, at, version);
        }
    }

    public static final Resource<PlanView> PLAN = new Resource<>("Plan", PlanView.class, PlanViewEvolver::apply);
    public static final Resource<CustomerView> CUSTOMER =
            new Resource<>("Customer", CustomerView.class, CustomerViewEvolver::apply);
    public static final Resource<SubscriptionView> SUBSCRIPTION =
            new Resource<>("Subscription", SubscriptionView.class, SubscriptionViewEvolver::apply);
    public static final Resource<InvoiceView> INVOICE =
            new Resource<>("Invoice", InvoiceView.class, InvoiceViewEvolver::apply);
    public static final Resource<PaymentView> PAYMENT =
            new Resource<>("Payment", PaymentView.class, PaymentViewEvolver::apply);
    public static final Resource<DunningCaseView> DUNNING_CASE =
            new Resource<>("DunningCase", DunningCaseView.class, DunningCaseViewEvolver::apply);
    public static final Resource<ApiKeyView> API_KEY =
            new Resource<>("ApiKey", ApiKeyView.class, ApiKeyViewEvolver::apply);
    public static final Resource<WebhookSubscriptionView> WEBHOOK_SUBSCRIPTION = new Resource<>(
            "WebhookSubscription", WebhookSubscriptionView.class, WebhookSubscriptionViewEvolver::apply);
    public static final Resource<TestClockView> TEST_CLOCK =
            new Resource<>("TestClock", TestClockView.class, TestClockViewEvolver::apply);
    public static final Resource<UsageRecordView> USAGE_RECORD =
            new Resource<>("UsageRecord", UsageRecordView.class, UsageRecordViewEvolver::apply);

    /** An event type as the audit log names it. */
    public record Kind(String action, Resource<?> resource) {
    }

    private static final Map<String, Resource<?>> RESOURCES = new LinkedHashMap<>();
    private static final Map<Class<?>, Kind> KINDS = new LinkedHashMap<>();
    /** Aggregate type → resource, for an event type recorded before this table names it. */
    private static final Map<String, Resource<?>> AGGREGATES = Map.of("PlanAggregate", PLAN,
            "CustomerAggregate", CUSTOMER, "SubscriptionAggregate", SUBSCRIPTION, "InvoiceAggregate", INVOICE,
            "PaymentAggregate", PAYMENT, "DunningCaseAggregate", DUNNING_CASE, "ApiKeyAggregate", API_KEY,
            "WebhookEndpointAggregate", WEBHOOK_SUBSCRIPTION, "TestClockAggregate", TEST_CLOCK);

    static {
        for (Resource<?> resource : List.of(PLAN, CUSTOMER, SUBSCRIPTION, INVOICE, PAYMENT, DUNNING_CASE, API_KEY,
                WEBHOOK_SUBSCRIPTION, TEST_CLOCK, USAGE_RECORD)) {
            RESOURCES.put(resource.name(), resource);
        }
        kind(PlanCreated.class, "plan.created", PLAN);
        kind(PlanUpdated.class, "plan.updated", PLAN);
        kind(PlanArchived.class, "plan.archived", PLAN);

        kind(CustomerCreated.class, "customer.created", CUSTOMER);
        kind(CustomerUpdated.class, "customer.updated", CUSTOMER);
        kind(StripeCustomerLinked.class, "customer.stripe_linked", CUSTOMER);
        kind(PaymentMethodAttached.class, "customer.payment_method_attached", CUSTOMER);
        kind(DefaultPaymentMethodSet.class, "customer.default_payment_method_set", CUSTOMER);
        kind(CustomerCreditGranted.class, "customer.credit_granted", CUSTOMER);
        kind(CustomerCreditApplied.class, "customer.credit_applied", CUSTOMER);

        kind(SubscriptionCreated.class, "subscription.created", SUBSCRIPTION);
        kind(TrialEnded.class, "subscription.trial_ended", SUBSCRIPTION);
        kind(SubscriptionRenewed.class, "subscription.renewed", SUBSCRIPTION);
        kind(SubscriptionPlanChanged.class, "subscription.plan_changed", SUBSCRIPTION);
        kind(SubscriptionQuantityChanged.class, "subscription.quantity_changed", SUBSCRIPTION);
        kind(SubscriptionProrationsInvoiced.class, "subscription.prorations_invoiced", SUBSCRIPTION);
        kind(SubscriptionCancellationScheduled.class, "subscription.cancellation_scheduled", SUBSCRIPTION);
        kind(SubscriptionCanceled.class, "subscription.canceled", SUBSCRIPTION);
        kind(SubscriptionReactivated.class, "subscription.reactivated", SUBSCRIPTION);
        kind(SubscriptionMarkedPastDue.class, "subscription.marked_past_due", SUBSCRIPTION);
        kind(SubscriptionPaused.class, "subscription.paused", SUBSCRIPTION);
        kind(SubscriptionResumed.class, "subscription.resumed", SUBSCRIPTION);
        kind(SubscriptionRecovered.class, "subscription.recovered", SUBSCRIPTION);

        kind(InvoiceDrafted.class, "invoice.drafted", INVOICE);
        kind(InvoiceRegenerated.class, "invoice.regenerated", INVOICE);
        kind(InvoiceMetadataUpdated.class, "invoice.metadata_updated", INVOICE);
        kind(InvoiceFinalized.class, "invoice.finalized", INVOICE);
        kind(UsagePeriodClosed.class, "invoice.usage_period_closed", INVOICE);
        kind(InvoicePaymentRequested.class, "invoice.payment_requested", INVOICE);
        kind(InvoicePaymentActionRequired.class, "invoice.payment_action_required", INVOICE);
        kind(InvoicePaymentFailed.class, "invoice.payment_failed", INVOICE);
        kind(InvoicePaid.class, "invoice.paid", INVOICE);
        kind(InvoiceVoided.class, "invoice.voided", INVOICE);
        kind(InvoiceMarkedUncollectible.class, "invoice.marked_uncollectible", INVOICE);
        kind(CreditNoteIssued.class, "invoice.credit_note_issued", INVOICE);

        kind(PaymentAttemptStarted.class, "payment.attempt_started", PAYMENT);
        kind(PaymentActionRequired.class, "payment.action_required", PAYMENT);
        kind(PaymentSucceeded.class, "payment.succeeded", PAYMENT);
        kind(PaymentFailed.class, "payment.failed", PAYMENT);
        kind(PaymentRefunded.class, "payment.refunded", PAYMENT);
        kind(PaymentDisputed.class, "payment.disputed", PAYMENT);
        kind(PaymentDisputeClosed.class, "payment.dispute_closed", PAYMENT);

        kind(DunningStarted.class, "dunning.started", DUNNING_CASE);
        kind(PaymentRetryScheduled.class, "dunning.retry_scheduled", DUNNING_CASE);
        kind(DunningCheckpointScheduled.class, "dunning.checkpoint_scheduled", DUNNING_CASE);
        kind(PaymentRetryAttempted.class, "dunning.retry_attempted", DUNNING_CASE);
        kind(DunningPaymentFailed.class, "dunning.payment_failed", DUNNING_CASE);
        kind(DunningEscalated.class, "dunning.escalated", DUNNING_CASE);
        kind(DunningEscalationHeld.class, "dunning.escalation_held", DUNNING_CASE);
        kind(DunningEscalationResumed.class, "dunning.escalation_resumed", DUNNING_CASE);
        kind(DunningResolved.class, "dunning.resolved", DUNNING_CASE);
        kind(DunningExhausted.class, "dunning.exhausted", DUNNING_CASE);

        kind(ApiKeyCreated.class, "api_key.created", API_KEY);
        kind(ApiKeyRevoked.class, "api_key.revoked", API_KEY);

        kind(WebhookEndpointRegistered.class, "webhook_subscription.created", WEBHOOK_SUBSCRIPTION);
        kind(WebhookEndpointUpdated.class, "webhook_subscription.updated", WEBHOOK_SUBSCRIPTION);
        kind(WebhookEndpointSecretRotated.class, "webhook_subscription.secret_rotated", WEBHOOK_SUBSCRIPTION);
        kind(WebhookEndpointDisabled.class, "webhook_subscription.disabled", WEBHOOK_SUBSCRIPTION);
        kind(WebhookEndpointDeleted.class, "webhook_subscription.deleted", WEBHOOK_SUBSCRIPTION);
        kind(WebhookTestRequested.class, "webhook_subscription.test_requested", WEBHOOK_SUBSCRIPTION);

        kind(TestClockCreated.class, "test_clock.created", TEST_CLOCK);
        kind(TestClockAdvanceStarted.class, "test_clock.advance_started", TEST_CLOCK);
        kind(TestClockAdvanced.class, "test_clock.advanced", TEST_CLOCK);

        kind(UsageRecorded.class, "usage_record.created", USAGE_RECORD);
        kind(UsageRecordVoided.class, "usage_record.voided", USAGE_RECORD);
    }

    private AuditCatalog() {
    }

    private static void kind(Class<?> event, String action, Resource<?> resource) {
        KINDS.put(event, new Kind(action, resource));
    }

    /**
     * The kind of a recorded event. An event type this table does not name yet (added after it) is
     * still recorded: under its aggregate's resource, its action derived from its type's name
     * (e.g. {@code SubscriptionFooed} → {@code subscription.subscription_fooed}), until it is added here.
     */
    public static Optional<Kind> of(Class<?> eventType, String aggregateType) {
        Kind known = KINDS.get(eventType);
        if (known != null) {
            return Optional.of(known);
        }
        Resource<?> resource = aggregateType == null ? null : AGGREGATES.get(aggregateType);
        if (resource == null) {
            return Optional.empty();
        }
        String snake = eventType.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
        return Optional.of(new Kind(snake(resource.name()) + "." + snake, resource));
    }

    /** Every event type with its kind, in the order of docs/audit.md's table. */
    public static Map<Class<?>, Kind> kinds() {
        return Collections.unmodifiableMap(KINDS);
    }

    public static Set<String> actions() {
        Set<String> actions = new TreeSet<>();
        KINDS.values().forEach(kind -> actions.add(kind.action()));
        return actions;
    }

    public static Optional<Resource<?>> resource(String name) {
        return Optional.ofNullable(RESOURCES.get(name));
    }

    public static Set<String> resourceTypes() {
        return Collections.unmodifiableSet(RESOURCES.keySet());
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
