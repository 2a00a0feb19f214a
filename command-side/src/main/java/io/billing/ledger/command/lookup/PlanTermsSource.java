package io.billing.ledger.command.lookup;

import java.util.Optional;

/** Plan terms for command handlers; backed by a table written in the plan events' transaction. */
public interface PlanTermsSource {

    Optional<PlanTerms> find(String planId);
}
