package io.billing.ledger.command.customer;

import io.billing.ledger.api.customer.ApplyCustomerCredit;
import io.billing.ledger.api.customer.AttachPaymentMethod;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.LinkStripeCustomer;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.api.customer.CreateCustomer;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.GrantCustomerCredit;
import io.billing.ledger.api.customer.UpdateCustomer;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Someone who is billed: contact details, the credit balance per currency, the link to their
 * customer at the payment processor and their payment methods (what may be shown of them). The balance changes only by its events, which name the invoice or credit
 * note that caused them; it remembers those, so a repeated grant or application changes nothing.
 */
@Aggregate
public class CustomerAggregate {

    @AggregateIdentifier
    private String customerId;
    private String email;
    private String name;
    private Map<String, Object> metadata;
    private final Map<String, Money> creditBalances = new HashMap<>();
    private final Set<String> creditSources = new HashSet<>();
    private final Map<String, Money> creditAppliedToInvoice = new HashMap<>();
    private String testClockId;
    private String stripeCustomerId;
    private final Set<String> paymentMethods = new HashSet<>();
    private String defaultPaymentMethodId;

    protected CustomerAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public CustomerAggregate(CreateCustomer command) {
        apply(new CustomerCreated(command.customerId(), command.email(), command.name(), command.metadata(),
                command.testClockId()));
    }

    @CommandHandler
    public void handle(UpdateCustomer command) {
        String newEmail = command.email() != null ? command.email() : email;
        String newName = command.name() != null ? command.name() : name;
        Map<String, Object> newMetadata = command.metadata() != null ? command.metadata() : metadata;
        if (Objects.equals(newEmail, email) && Objects.equals(newName, name)
                && Objects.equals(newMetadata, metadata)) {
            return; // nothing changes, so nothing goes on the record
        }
        apply(new CustomerUpdated(customerId, newEmail, newName, newMetadata));
    }

    @CommandHandler
    public void handle(GrantCustomerCredit command) {
        if (command.amount().isNegative() || command.amount().isZero()) {
            throw new IllegalArgumentException("a credit grant must be positive, was " + command.amount());
        }
        if (creditSources.contains(command.sourceId())) {
            return; // granted from this invoice or credit note already: a redelivery
        }
        apply(new CustomerCreditGranted(customerId, command.amount(), command.sourceId(), command.grantedAt(),
                creditBalance(command.amount().currency()).plus(command.amount())));
    }

    /** The credit taken off the invoice: at most {@code upTo} and the balance, so the balance never goes negative. */
    @CommandHandler
    public Money handle(ApplyCustomerCredit command) {
        String currency = command.upTo().currency();
        Money already = creditAppliedToInvoice.get(command.invoiceId());
        if (already != null) {
            return already; // applied to this invoice before: the same answer, nothing new on the record
        }
        Money balance = creditBalance(currency);
        Money applied = command.upTo().isNegative() ? Money.zero(currency)
                : balance.compareTo(command.upTo()) <= 0 ? balance : command.upTo();
        if (applied.isZero()) {
            return applied;
        }
        apply(new CustomerCreditApplied(customerId, applied, command.invoiceId(), command.appliedAt(),
                balance.minus(applied)));
        return applied;
    }

    /** The processor's customer is created with our id as idempotency key, so it is always the same one. */
    @CommandHandler
    public void handle(LinkStripeCustomer command, SubscriptionClocks clocks) {
        if (command.stripeCustomerId().equals(stripeCustomerId)) {
            return; // a redelivery of the sync
        }
        apply(new StripeCustomerLinked(customerId, command.stripeCustomerId(), at(command.linkedAt(), clocks)));
    }

    /** Attaching a known payment method again only makes it the default, if asked and not yet. */
    @CommandHandler
    public void handle(AttachPaymentMethod command, SubscriptionClocks clocks) {
        Instant at = at(command.at(), clocks);
        if (!paymentMethods.contains(command.paymentMethodId())) {
            apply(new PaymentMethodAttached(customerId, command.paymentMethodId(), command.brand(), command.last4(),
                    command.expMonth(), command.expYear(), at));
        }
        if (command.makeDefault() && !command.paymentMethodId().equals(defaultPaymentMethodId)) {
            apply(new DefaultPaymentMethodSet(customerId, command.paymentMethodId(), at));
        }
    }

    /** A customer on a test clock lives on the clock's time; otherwise the time the command reports. */
    private Instant at(Instant reported, SubscriptionClocks clocks) {
        return testClockId != null || reported == null ? clocks.now(testClockId) : reported;
    }

    private Money creditBalance(String currency) {
        return creditBalances.getOrDefault(currency, Money.zero(currency));
    }

    @EventSourcingHandler
    void on(CustomerCreated event) {
        customerId = event.customerId();
        email = event.email();
        name = event.name();
        metadata = event.metadata();
        testClockId = event.testClockId();
    }

    @EventSourcingHandler
    void on(CustomerUpdated event) {
        email = event.email();
        name = event.name();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(StripeCustomerLinked event) {
        stripeCustomerId = event.stripeCustomerId();
    }

    @EventSourcingHandler
    void on(PaymentMethodAttached event) {
        paymentMethods.add(event.paymentMethodId());
    }

    @EventSourcingHandler
    void on(DefaultPaymentMethodSet event) {
        defaultPaymentMethodId = event.paymentMethodId();
    }

    @EventSourcingHandler
    void on(CustomerCreditGranted event) {
        creditSources.add(event.sourceId());
        creditBalances.put(event.amount().currency(), event.balance());
    }

    @EventSourcingHandler
    void on(CustomerCreditApplied event) {
        creditAppliedToInvoice.put(event.invoiceId(), event.amount());
        creditBalances.put(event.amount().currency(), event.balance());
    }
}
