package io.billing.ledger.command.lookup;

import java.util.Set;

/** The customer's subscriptions that are not canceled, as far as uniqueness and currency rules need them. */
public interface SubscriptionSlots {

    boolean holdsPlan(String customerId, String planId);

    Set<String> currenciesOf(String customerId);
}
