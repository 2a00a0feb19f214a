package io.billing.ledger.api.dunning;

import io.billing.ledger.api.common.Ids;

/** A dunning case's id is derived from its invoice's: one case per invoice, whatever delivers the failure twice. */
public final class DunningCaseId {

    private DunningCaseId() {
    }

    public static String of(String invoiceId) {
        return Ids.derived(Ids.DUNNING, invoiceId, 0);
    }
}
