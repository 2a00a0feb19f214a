package io.billing.ledger.projection.customer;

import io.billing.ledger.api.customer.CreditBalance;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one event changes a customer as the API shows it, computed from the events alone: what
 * {@link CustomerDirectoryProjection} writes, for the answer to a write whose read model has not
 * caught up yet. Events this function does not know leave the customer as it was.
 */
public final class CustomerViewEvolver {

    private CustomerViewEvolver() {
    }

    public static CustomerView apply(CustomerView v, Object event, Instant at, long version) {
        if (event instanceof CustomerCreated e) {
            return new CustomerView(e.customerId(), e.email(), e.name(), null, e.testClockId(), e.metadata(), at, at,
                    version, null, null);
        }
        if (v == null) {
            return null;
        }
        if (event instanceof CustomerUpdated e) {
            return new CustomerView(v.id(), e.email(), e.name(), v.stripeCustomerId(), v.testClockId(), e.metadata(),
                    v.createdAt(), at, version, v.creditBalances(), v.defaultPaymentMethodId());
        }
        if (event instanceof StripeCustomerLinked e) {
            return new CustomerView(v.id(), v.email(), v.name(), e.stripeCustomerId(), v.testClockId(), v.metadata(),
                    v.createdAt(), at, version, v.creditBalances(), v.defaultPaymentMethodId());
        }
        if (event instanceof PaymentMethodAttached) {
            return new CustomerView(v.id(), v.email(), v.name(), v.stripeCustomerId(), v.testClockId(), v.metadata(),
                    v.createdAt(), at, version, v.creditBalances(), v.defaultPaymentMethodId());
        }
        if (event instanceof DefaultPaymentMethodSet e) {
            return new CustomerView(v.id(), v.email(), v.name(), v.stripeCustomerId(), v.testClockId(), v.metadata(),
                    v.createdAt(), at, version, v.creditBalances(), e.paymentMethodId());
        }
        if (event instanceof CustomerCreditGranted e) {
            return withBalance(v, e.balance(), at, version);
        }
        if (event instanceof CustomerCreditApplied e) {
            return withBalance(v, e.balance(), at, version);
        }
        return v;
    }

    /** As the directory shows balances: by currency, a used-up currency not at all. */
    private static CustomerView withBalance(CustomerView v, Money balance, Instant at, long version) {
        Map<String, Long> byCurrency = new TreeMap<>();
        v.creditBalances().forEach(b -> byCurrency.put(b.currency(), b.amountCents()));
        byCurrency.put(balance.currency(), balance.amount());
        return new CustomerView(v.id(), v.email(), v.name(), v.stripeCustomerId(), v.testClockId(), v.metadata(),
                v.createdAt(), at, version, byCurrency.entrySet().stream().filter(b -> b.getValue() != 0)
                .map(b -> new CreditBalance(b.getKey(), b.getValue())).toList(), v.defaultPaymentMethodId());
    }
}
