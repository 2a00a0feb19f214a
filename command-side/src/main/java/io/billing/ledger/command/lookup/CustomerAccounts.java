package io.billing.ledger.command.lookup;

import java.util.Optional;

/** Customers for command handlers; backed by a table written in the customer events' transaction. */
public interface CustomerAccounts {

    Optional<CustomerAccount> find(String customerId);
}
